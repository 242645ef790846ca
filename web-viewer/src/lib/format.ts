const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 29900 CNY → "¥299.00", in the browser's locale. */
export function formatMoney(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

/** "1 watching", "1.2K watching". */
export function formatViewers(count: number): string {
  const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(count);
  return `${compact} watching`;
}

/** "live for 5 min" from an ISO start time. */
export function formatLiveFor(startedAt: string | null, now = Date.now()): string {
  if (!startedAt) return 'just started';
  const minutes = Math.max(0, Math.round((now - Date.parse(startedAt)) / 60_000));
  if (minutes < 1) return 'just started';
  if (minutes < 60) return `live for ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `live for ${hours} h ${minutes % 60} min`;
}

/** "12:04" for a comment time. */
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** 1_234_000 bits/s → "1.23 Mbit/s". */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(2)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

/** "Mar 3, 14:05" in the browser's locale: when an order was placed or shipped. */
export function formatDayTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
