import type { SettlementRow } from './service.ts';

const COLUMNS = [
  ['order_id', (r) => r.orderId],
  ['status', (r) => r.status],
  ['currency', (r) => r.currency],
  ['gross_cents', (r) => r.grossCents],
  ['platform_fee_cents', (r) => r.platformFeeCents],
  ['commissions_cents', (r) => r.commissionsCents],
  ['referral_commission_cents', (r) => r.referralCommissionCents],
  ['net_cents', (r) => r.netCents],
  ['recorded_at', (r) => r.recordedAt],
  ['refunded_at', (r) => r.refundedAt ?? ''],
] as const satisfies readonly (readonly [string, (row: SettlementRow) => string | number])[];

/** RFC 4180: a field with a comma, quote or line break is quoted, and quotes are doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A merchant's statement as CSV, one order per line, with a header line. */
export function settlementCsv(rows: readonly SettlementRow[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([, get]) => field(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
