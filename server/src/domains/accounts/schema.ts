import { z } from 'zod';
import { IdRef, ShippingAddressSchema, text } from '../../schemas.ts';

/** A picture's address: an absolute http(s) URL or a path on this site (an upload, a demo image). */
export const ImageUrl = text()
  .trim()
  .max(2000)
  .refine((value) => /^https?:\/\/\S+$/i.test(value) || /^\/[^/\s]\S*$/.test(value), {
    message: 'must be an http(s) URL or a path on this site such as /uploads/logo.png',
  });

export const ProfileBody = z.object({ displayName: text().trim().min(1).max(80) });

export const CreatorBody = z.object({ bio: text().trim().max(500).default('') });

export const StoreBody = z.object({
  name: text().trim().min(1).max(80),
  logoUrl: ImageUrl.nullable().optional(),
  returnAddress: ShippingAddressSchema,
});
export type StoreInput = z.infer<typeof StoreBody>;

export const StoreRequestsQuery = z.object({
  status: z.enum(['pending', 'approved', 'declined']).default('pending'),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const UserIdParams = z.object({ userId: IdRef });

export const DeclineBody = z.object({ reason: text().trim().min(1).max(500) });

export const AddressBody = ShippingAddressSchema.extend({ isDefault: z.boolean().optional() });
export type AddressInput = z.infer<typeof AddressBody>;
export const AddressPatchBody = ShippingAddressSchema.partial().extend({ isDefault: z.boolean().optional() });
export type AddressPatch = z.infer<typeof AddressPatchBody>;
