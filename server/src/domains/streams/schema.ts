import { z } from 'zod';
import { IsoDate, text } from '../../schemas.ts';

export const CreateStreamBody = z.object({
  title: text().trim().min(1).max(200),
  scheduledAt: IsoDate.optional(),
});
export const ListStreamsQuery = z.object({
  status: z.enum(['scheduled', 'live', 'ended']).optional(),
  kolId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ProductRefBody = z.object({ productId: text().min(1).max(100) });
export const ShowcaseOrderBody = z.object({
  productIds: z.array(text().min(1).max(100)).max(500),
});
export const ShowcaseItemParams = z.object({ id: text().min(1).max(100), productId: text().min(1).max(100) });
