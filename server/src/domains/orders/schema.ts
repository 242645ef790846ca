import { z } from 'zod';
import { ShippingAddressSchema } from '../../schemas.ts';

const common = {
  shippingAddress: ShippingAddressSchema,
  referralCode: z.string().min(1).max(64).optional(),
};

export const PlaceOrderBody = z.union([
  z.object({ reservationId: z.string().min(1).max(200), streamId: z.string().min(1).max(100).optional(), ...common }),
  z.object({
    items: z
      .array(z.object({ productId: z.string().min(1).max(100), quantity: z.number().int().min(1).max(100) }))
      .min(1)
      .max(50),
    streamId: z.string().min(1).max(100).optional(),
    ...common,
  }),
]);
export type PlaceOrderInput = z.infer<typeof PlaceOrderBody>;

export const ShipOrderBody = z
  .object({ carrier: z.string().trim().min(1).max(100).optional(), trackingNumber: z.string().trim().min(1).max(100).optional() })
  .nullish();

export const RefundOrderBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).nullish();
