import { z } from 'zod';
import { ShippingAddressSchema, text } from '../../schemas.ts';

/** POST /checkouts: a cart of products from any number of merchants, paid together. */
export const CheckoutBody = z.object({
  items: z
    .array(z.object({ productId: text().min(1).max(100), quantity: z.number().int().min(1).max(100) }))
    .min(1)
    .max(50),
  streamId: text().min(1).max(100).optional(),
  shippingAddress: ShippingAddressSchema,
  referralCode: text().min(1).max(64).optional(),
});
export type CheckoutInput = z.infer<typeof CheckoutBody>;

export const CheckoutPayBody = z.object({ outcome: z.enum(['succeeded', 'failed']) });

const CheckoutOrder = z.object({
  id: z.string(),
  merchantId: z.string(),
  status: z.string(),
  totalCents: z.number().int(),
  currency: z.string(),
  paymentId: z.string().nullable(),
});

export const CheckoutResponse = z.object({
  id: z.string(),
  /** `paid` once every order is paid; `pending_payment` while one still waits; otherwise `partly_paid` or `cancelled`. */
  status: z.enum(['pending_payment', 'paid', 'partly_paid', 'cancelled']),
  totalCents: z.number().int(),
  currency: z.string(),
  orders: z.array(CheckoutOrder),
  createdAt: z.string(),
});
export type CheckoutView = z.infer<typeof CheckoutResponse>;
