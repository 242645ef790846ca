import { z } from 'zod';

/* Strings a client may send: imported by the request schemas, the socket contract and the browser pages (zod only). */

/** NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not valid Unicode). */
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string can be stored and shown as it is: no NUL, no lone surrogate. */
export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/**
 * The one string schema of requests and socket payloads: `text().trim().min(1).max(200)`.
 * Every client-sent string goes through it, so NUL and broken Unicode answer 400, never a database error.
 */
export const text = () => z.string().refine(isSafeText, { message: 'must not contain NUL or unpaired surrogate characters' });

/** The path of the first string anywhere in `value` that `isSafeText` refuses (property names count too). */
export function findUnsafeText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | undefined {
  if (typeof value === 'string') return isSafeText(value) ? undefined : path;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!isSafeText(key)) return [...path, key];
    const found = findUnsafeText(item, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
