import { z } from 'zod';
import { ORDER_STATUSES, REFUND_REQUEST_REASONS, REFUND_REQUEST_STATUSES } from '../../../../db/schema/index.ts';
import { ShippingAddressSchema, text } from '../../schemas.ts';

const common = {
  shippingAddress: ShippingAddressSchema,
  referralCode: text().min(1).max(64).optional(),
};

export const PlaceOrderBody = z.union([
  z.object({ reservationId: text().min(1).max(200), streamId: text().min(1).max(100).optional(), ...common }),
  z.object({
    items: z
      .array(z.object({ productId: text().min(1).max(100), quantity: z.number().int().min(1).max(100) }))
      .min(1)
      .max(50),
    streamId: text().min(1).max(100).optional(),
    ...common,
  }),
]);
export type PlaceOrderInput = z.infer<typeof PlaceOrderBody>;

export const ShipOrderBody = z
  .object({ carrier: text().trim().min(1).max(100).optional(), trackingNumber: text().trim().min(1).max(100).optional() })
  .nullish();

export const RefundOrderBody = z.object({ reason: text().trim().min(1).max(500).optional() }).nullish();

/** POST /orders/:id/refund-request: why the buyer wants their money back. */
export const RefundRequestBody = z.object({
  reason: z.enum(REFUND_REQUEST_REASONS),
  details: text().trim().max(1000).optional(),
});
export type RefundRequestInput = z.infer<typeof RefundRequestBody>;

/** POST /orders/:id/refund-request/decline: the buyer reads the reason. */
export const DeclineRefundRequestBody = z.object({ reason: text().trim().min(3).max(500) });

/** The order's latest refund request, in every order view. */
export const RefundRequestResponse = z.object({
  id: z.string(),
  status: z.enum(REFUND_REQUEST_STATUSES),
  reason: z.enum(REFUND_REQUEST_REASONS),
  details: z.string().nullable(),
  createdAt: z.string(),
  /** Unanswered by then, the request is approved by itself. */
  respondBy: z.string(),
  answeredAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});

export const CreatedRefundRequestResponse = RefundRequestResponse.extend({ orderId: z.string() });

export const MerchantOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  /** `open`: only orders whose refund request waits for the merchant's answer. */
  refundRequest: z.enum(['open']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: text().min(1).max(200).optional(),
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
  /** Only on paid (to ship) and shipped orders; null otherwise. */
  shippingAddress: ShippingAddressView.nullable(),
  createdAt: z.string(),
  /** A group buy's order whose group is still open: it ships once the group fills (or is refunded if it fails). */
  waitingForGroup: z.boolean(),
  refundRequest: RefundRequestResponse.nullable(),
});

export const MerchantOrdersPage = z.object({ items: z.array(MerchantOrderResponse), nextCursor: z.string().optional() });

export const BuyerOrdersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().min(1).max(200).optional(),
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
  /** Unpaid, or paid and not shipped yet: POST /api/orders/:id/cancel. */
  canCancel: z.boolean(),
  /** Shipped, or delivered/completed within the return window, and no request open: POST /api/orders/:id/refund-request. */
  canRequestRefund: z.boolean(),
  refundRequest: RefundRequestResponse.nullable(),
});

export const BuyerOrdersPage = z.object({ items: z.array(BuyerOrderResponse), nextCursor: z.string().optional() });
