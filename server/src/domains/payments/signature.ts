import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header value `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string, timestampSec: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${mac}`;
}

/** True when the header signs this exact body with `secret` and is at most `toleranceSec` old. */
export function verifyWebhook(secret: string, body: string, header: string | undefined, nowSec: number, toleranceSec = 300): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const timestampSec = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestampSec) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(nowSec - timestampSec) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
