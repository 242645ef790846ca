import { z } from 'zod';
import { Cents, Currency, text } from '../../schemas.ts';
import { ImageUrl } from '../uploads/image-url.ts';

export const CreateProductBody = z.object({
  title: text().trim().min(1).max(200),
  description: text().trim().max(5000).default(''),
  category: text().trim().min(1).max(60).optional(),
  priceCents: Cents.min(1),
  currency: Currency,
  stock: z.number().int().min(0).max(10_000_000),
  kolCommissionBps: z.number().int().min(0).max(9000),
  imageUrl: ImageUrl.optional(),
});
export type CreateProductInput = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = CreateProductBody.extend({
  // A PATCH leaves out what it keeps: without defaults here, a missing field would be overwritten.
  description: text().trim().max(5000),
  currency: Currency.unwrap(),
})
  .partial()
  .extend({
    /** null takes the category or the picture off the product. */
    category: text().trim().min(1).max(60).nullable().optional(),
    imageUrl: ImageUrl.nullable().optional(),
    status: z.enum(['active', 'archived']).optional(),
  });
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;

export const ListProductsQuery = z.object({
  merchantId: text().min(1).max(100).optional(),
  category: text().min(1).max(60).optional(),
  q: text().trim().min(1).max(100).optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
