import { z } from 'zod';
import { Cents, IsoDate } from '../../schemas.ts';

export const CreateFlashSaleBody = z
  .object({
    productId: z.string().min(1).max(100),
    streamId: z.string().min(1).max(100).optional(),
    priceCents: Cents.min(1),
    quantity: z.number().int().min(1).max(1_000_000),
    perUserLimit: z.number().int().min(1).max(1000),
    startsAt: IsoDate,
    endsAt: IsoDate,
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateFlashSaleInput = z.infer<typeof CreateFlashSaleBody>;

export const ReserveBody = z.object({ quantity: z.number().int().min(1).max(1000).default(1) });

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
});
