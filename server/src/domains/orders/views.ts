/**
 * What the orders API answers, as types only: shared by the server, the tests and the pages
 * (web-viewer/src/lib imports them), so a field added here is known to both sides.
 */
import type { OrderStatus, ShippingAddress } from '../../../../db/schema/orders.ts';
import type { RefundRequestReason, RefundRequestStatus } from '../../../../db/schema/refund-requests.ts';

export type { OrderStatus, RefundRequestReason, RefundRequestStatus, ShippingAddress };

/**
 * The order's latest refund request: open (`requested`) until the merchant answers or `respondBy`
 * passes (then it is approved by itself).
 */
export interface RefundRequestView {
  id: string;
  status: RefundRequestStatus;
  reason: RefundRequestReason;
  details: string | null;
  createdAt: string;
  respondBy: string;
  answeredAt: string | null;
  /** The merchant's reason when declined; null otherwise. */
  declineReason: string | null;
}

export interface PlacedOrder {
  id: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  paymentId: string;
}

export interface OrderView extends Omit<PlacedOrder, 'paymentId'> {
  paymentId: string | null;
  buyerId: string;
  merchantId: string;
  streamId: string | null;
  flashSaleId: string | null;
  reservationId: string | null;
  /** Null for the merchant unless the order is paid or shipped (see addressForMerchant). */
  shippingAddress: ShippingAddress | null;
  items: { productId: string; quantity: number; unitPriceCents: number }[];
  history: { from: string | null; to: string; at: string; reason: string | null }[];
  createdAt: string;
  refundRequest: RefundRequestView | null;
}

/** An order as its merchant sees it in the console: what to pack, for whom, and where to send it. */
export interface MerchantOrderView {
  id: string;
  status: OrderStatus;
  items: { productId: string; title: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string;
  /** The buyer's public name; their email and id stay private. */
  buyerDisplayName: string;
  /** Only while the order is paid (to ship) or shipped; null otherwise, so unpaid buyers stay private. */
  shippingAddress: ShippingAddress | null;
  createdAt: string;
  /** A group buy's order whose group is still open: it cannot ship yet. */
  waitingForGroup: boolean;
  refundRequest: RefundRequestView | null;
}

/** An order as its buyer sees it in "My orders": what they bought, from whom, where it is, and what they may still do. */
export interface BuyerOrderView {
  id: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  createdAt: string;
  items: { productId: string; title: string; imageUrl: string | null; quantity: number; unitPriceCents: number }[];
  merchantDisplayName: string;
  /** Once shipped: the carrier and tracking number as one line (null when the merchant gave none). */
  shipment: { tracking: string | null; shippedAt: string } | null;
  /** Only while the order is pending_payment. */
  paymentId: string | null;
  paymentDueAt: string | null;
  /** Delivered or completed and not reviewed yet. */
  canReview: boolean;
  hasReview: boolean;
  /** Unpaid, or paid and not shipped: the buyer may cancel it (POST /api/orders/:id/cancel). */
  canCancel: boolean;
  /** Shipped, or delivered/completed within the return window, with no request open: POST /api/orders/:id/refund-request. */
  canRequestRefund: boolean;
  refundRequest: RefundRequestView | null;
}
