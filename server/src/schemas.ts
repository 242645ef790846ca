import { z } from 'zod';
import { text } from './safe-text.ts';

/** Pieces of request and response schemas that several domains share. */

export { findUnsafeText, isSafeText, text } from './safe-text.ts';

/** An id the application made (a UUID); anything else names no object. */
export const Id = z.guid();
/** An id someone sent in a body or query, checked only as safe text (an unknown one answers 404). */
export const IdRef = text().min(1).max(100);
/** `:id` in a path: a UUID, or the route answers 404 (see the params rule in errors.ts). */
export const IdParams = z.object({ id: Id });
/** Largest value of a PostgreSQL integer (int4) column, such as orders.total_cents. */
export const MAX_INT4 = 2_147_483_647;
export const Cents = z.number().int().min(0).max(1_000_000_000);
export const Bps = z.number().int().min(0).max(10_000);
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY')
  .default('CNY');
export const IsoDate = z.iso.datetime({ offset: true }).meta({ example: '2026-12-24T20:00:00.000Z' });

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const ShippingAddressSchema = z.object({
  name: text().trim().min(1).max(200),
  phone: text().trim().max(40).optional(),
  line1: text().trim().min(1).max(300),
  line2: text().trim().max(300).optional(),
  city: text().trim().min(1).max(120),
  region: text().trim().max(120).optional(),
  postalCode: text().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code such as CN'),
});
