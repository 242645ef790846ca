import { z } from 'zod';

/** Pieces of request and response schemas that several domains share. */
export const IdParams = z.object({ id: z.string().min(1).max(100) });
export const Cents = z.number().int().min(0).max(1_000_000_000);
export const Bps = z.number().int().min(0).max(10_000);
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY')
  .default('CNY');
export const IsoDate = z.iso.datetime({ offset: true });

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const ShippingAddressSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(40).optional(),
  line1: z.string().trim().min(1).max(300),
  line2: z.string().trim().max(300).optional(),
  city: z.string().trim().min(1).max(120),
  region: z.string().trim().max(120).optional(),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code such as CN'),
});
