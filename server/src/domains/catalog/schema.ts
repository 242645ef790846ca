import { z } from 'zod';
import { Cents, Currency } from '../../schemas.ts';

export const CreateProductBody = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(''),
  category: z.string().trim().min(1).max(60).optional(),
  priceCents: Cents.min(1),
  currency: Currency,
  stock: z.number().int().min(0).max(10_000_000),
  kolCommissionBps: z.number().int().min(0).max(9000),
  imageUrl: z.url().max(2000).optional(),
});
export type CreateProductInput = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = CreateProductBody.partial().extend({
  status: z.enum(['active', 'archived']).optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;

export const ListProductsQuery = z.object({
  merchantId: z.string().min(1).max(100).optional(),
  category: z.string().min(1).max(60).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
