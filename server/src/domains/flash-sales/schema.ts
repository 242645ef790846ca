import { z } from 'zod';
import { Cents, IsoDate, text } from '../../schemas.ts';

const priceCents = Cents.min(1);
const quantity = z.number().int().min(1).max(1_000_000);
const perUserLimit = z.number().int().min(1).max(1000);
const streamId = text().min(1).max(100);

export const CreateFlashSaleBody = z
  .object({
    productId: text().min(1).max(100),
    streamId: streamId.optional(),
    priceCents,
    quantity,
    perUserLimit,
    startsAt: IsoDate,
    endsAt: IsoDate,
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateFlashSaleInput = z.infer<typeof CreateFlashSaleBody>;

/** Any of the sale's terms, before it opens; `streamId: null` detaches it from its stream. */
export const UpdateFlashSaleBody = z
  .object({
    streamId: streamId.nullable().optional(),
    priceCents: priceCents.optional(),
    quantity: quantity.optional(),
    perUserLimit: perUserLimit.optional(),
    startsAt: IsoDate.optional(),
    endsAt: IsoDate.optional(),
  })
  .refine((s) => !s.startsAt || !s.endsAt || Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type UpdateFlashSaleInput = z.infer<typeof UpdateFlashSaleBody>;

export const ReserveBody = z.object({ quantity: z.number().int().min(1).max(1000).default(1) });

export const ReservationParams = z.object({ id: text().min(1).max(100), reservationId: text().min(1).max(200) });

export const IdempotencyHeaders = z.object({
  'idempotency-key': text().min(1).max(200).optional(),
});

/** The stream KOL's consent to a sale aimed at their stream. */
export const StreamApprovalSchema = z.enum(['accepted', 'proposed', 'declined', 'removed']);

/** What the stream's KOL decides on a sale aimed at their stream. */
export const StreamDecisionBody = z.object({ decision: z.enum(['accept', 'decline', 'remove']) });

const SaleStatus = z.enum(['scheduled', 'live', 'ended', 'cancelled']);

export const FlashSaleResponse = z.object({
  id: z.string(),
  productId: z.string(),
  merchantId: z.string(),
  streamId: z.string().nullable(),
  streamApproval: StreamApprovalSchema.nullable(),
  status: SaleStatus,
  quantity: z.number().int(),
  remaining: z.number().int(),
  held: z.number().int(),
  sold: z.number().int(),
  returnedToStock: z.number().int(),
  perUserLimit: z.number().int(),
  priceCents: z.number().int(),
  currency: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});

export const ReservationResponse = z.object({
  reservationId: z.string(),
  saleId: z.string(),
  quantity: z.number().int(),
  expiresAt: z.string(),
  remaining: z.number().int(),
});
