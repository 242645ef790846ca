import { z } from 'zod';
import { ORDER_STATUSES } from '../../../../db/schema/index.ts';
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

export const MerchantOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type MerchantOrdersFilter = z.infer<typeof MerchantOrdersQuery>;

/** An address as it was stored (checked against ShippingAddressSchema when the order was placed). */
const ShippingAddressView = z.object({
  name: z.string(),
  phone: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
});

/** One order as its merchant sees it: enough to pack and ship it, and nothing of the buyer beyond that. */
export const MerchantOrderResponse = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  items: z.array(z.object({ productId: z.string(), title: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() })),
  totalCents: z.number().int(),
  currency: z.string(),
  buyerDisplayName: z.string(),
  shippingAddress: ShippingAddressView,
  createdAt: z.string(),
  /** A group buy's order whose group is still open: it ships once the group fills (or is refunded if it fails). */
  waitingForGroup: z.boolean(),
});

export const MerchantOrdersPage = z.object({ items: z.array(MerchantOrderResponse), nextCursor: z.string().optional() });

export const BuyerOrdersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export type BuyerOrdersFilter = z.infer<typeof BuyerOrdersQuery>;

/** One order as its buyer sees it in "My orders": what they bought, from whom, where it is, and what they may still do. */
export const BuyerOrderResponse = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  totalCents: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  items: z.array(
    z.object({
      productId: z.string(),
      title: z.string(),
      /** The product's image, or null when it has none. */
      imageUrl: z.string().nullable(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
    }),
  ),
  merchantDisplayName: z.string(),
  /** Set once the merchant shipped: the carrier and tracking number as one line (null when none was given). */
  shipment: z.object({ tracking: z.string().nullable(), shippedAt: z.string() }).nullable(),
  /** The payment to pay (POST /api/payments/:id/sandbox-pay) while the order is pending_payment; null otherwise. */
  paymentId: z.string().nullable(),
  /** When an unpaid order lapses; null once paid. */
  paymentDueAt: z.string().nullable(),
  /** Delivered or completed, and not reviewed yet: the buyer is invited to review it (POST /api/orders/:id/review). */
  canReview: z.boolean(),
  hasReview: z.boolean(),
});

export const BuyerOrdersPage = z.object({ items: z.array(BuyerOrderResponse), nextCursor: z.string().optional() });
