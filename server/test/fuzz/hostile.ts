/** Values an attacker or a broken client sends in place of a field. */
export const HOSTILE_VALUES: readonly { name: string; value: unknown }[] = [
  { name: 'NUL', value: 'a\u0000b' },
  { name: '2^31', value: 2 ** 31 },
  { name: '-1', value: -1 },
  { name: '1e308', value: 1e308 },
  { name: '100k chars', value: 'x'.repeat(100_000) },
  { name: 'lone surrogate', value: 'a\ud800b' },
  { name: 'unicode', value: 'Ünïcödé 直播 🛍️ \u202eevil\u202c e\u0301' },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'object', value: { $gt: '' } },
  { name: 'array', value: ['a', 1] },
];

const pick = (...names: string[]) => HOSTILE_VALUES.filter((h) => names.includes(h.name));
/** Sent for every route as every actor (the full list goes to the owner). */
export const QUICK_HOSTILE_VALUES = pick('NUL');
/** Sent to the owner in nested fields (an address line, an order item). */
export const NESTED_HOSTILE_VALUES = pick('NUL', '2^31', '100k chars', 'lone surrogate', 'null', 'object');
/** A URL carries at most 16 kB of headers: a longer query is refused by Node before Fastify sees it. */
export const LONG_QUERY_VALUE = 'x'.repeat(8_000);

/** Path segments in place of an id (already URL-encoded where that matters). */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '%00',
  '-1',
  '2147483648',
  'x'.repeat(1_000),
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  "1'%20or%20'1'%3D'1",
  '00000000-0000-0000-0000-000000000000',
];

/** A hostile value in a query string, percent-encoded; a lone surrogate becomes its (invalid) UTF-8 bytes. */
export function asQueryValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}
