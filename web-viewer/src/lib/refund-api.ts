import type { RefundRequestReason, RefundRequestView } from '../../../server/src/domains/orders/views.ts';
import { api } from './api.ts';
import type { Order } from './orders-api.ts';

/** After-sales: the buyer cancels or asks for a refund, the merchant answers (docs/api-additions.md). */

export type RefundRequest = RefundRequestView;
export type { RefundRequestReason };

/** The reasons in the order the request dialog lists them, each in the buyer's words. */
export const REFUND_REASONS: readonly { value: RefundRequestReason; label: string }[] = [
  { value: 'not_received', label: 'I did not receive it' },
  { value: 'damaged', label: 'It arrived damaged' },
  { value: 'not_as_described', label: 'It is not as described' },
  { value: 'wrong_item', label: 'I received the wrong item' },
  { value: 'changed_mind', label: 'I changed my mind' },
  { value: 'other', label: 'Something else' },
];

/** A reason's label; a reason this page does not know reads as itself. */
export const refundReasonLabel = (reason: string) => REFUND_REASONS.find((r) => r.value === reason)?.label ?? reason;

export const REFUND_DETAILS_MAX = 1000;
export const DECLINE_REASON_MIN = 3;
export const DECLINE_REASON_MAX = 500;

/** What POST /api/orders/:id/refund-request answers. */
export interface CreatedRefundRequest extends RefundRequest {
  orderId: string;
}

const orderUrl = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}`;

/**
 * The buyer cancels an unpaid order, or a paid one not shipped yet (refunded at once). The same
 * `idempotencyKey` on a retry answers the first result. Throws ApiError (ORDER_NOT_CANCELLABLE …).
 */
export const cancelOrder = (token: string, orderId: string, idempotencyKey: string) =>
  api<Order>('POST', `${orderUrl(orderId)}/cancel`, { token, headers: { 'idempotency-key': idempotencyKey } });

/** Asks the merchant for a refund. Throws ApiError (REFUND_ALREADY_REQUESTED, RETURN_WINDOW_CLOSED, VALIDATION_FAILED …). */
export const requestRefund = (token: string, orderId: string, request: { reason: RefundRequestReason; details?: string }) =>
  api<CreatedRefundRequest>('POST', `${orderUrl(orderId)}/refund-request`, { token, body: request });

/** The merchant approves the open request: the order is refunded. Throws ApiError (REFUND_REQUEST_ANSWERED …). */
export const approveRefundRequest = (token: string, orderId: string) =>
  api<Order>('POST', `${orderUrl(orderId)}/refund-request/approve`, { token });

/** The merchant declines the open request; the buyer reads `reason`. Throws ApiError (REFUND_REQUEST_ANSWERED …). */
export const declineRefundRequest = (token: string, orderId: string, reason: string) =>
  api<Order>('POST', `${orderUrl(orderId)}/refund-request/decline`, { token, body: { reason } });
