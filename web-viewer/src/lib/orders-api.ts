import type { OrderStatus, OrderView, PlacedOrder, ShippingAddress } from '../../../server/src/domains/orders/views.ts';
import { ApiError, api } from './api.ts';

/** API.md's order statuses, shipping address (`country` is ISO 3166-1 alpha-2) and POST /api/orders answer. */
export type { OrderStatus, PlacedOrder, ShippingAddress };

/** An order's status in the buyer's words (pages that speak to someone else override a few). */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  shipped: 'Shipped',
  delivered: 'Delivered',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** GET /api/orders/:id, the fields the pages read. */
export type Order = Pick<
  OrderView,
  'id' | 'status' | 'totalCents' | 'currency' | 'paymentId' | 'streamId' | 'items' | 'history' | 'refundRequest'
>;

/** A flash-sale hold, or items at list price; `streamId` credits the stream's KOL. */
export type OrderSource =
  | { reservationId: string; streamId?: string }
  | { items: { productId: string; quantity: number }[]; streamId?: string };

/** An ApiError with the server's per-field details of a VALIDATION_FAILED answer. */
export class OrderRequestError extends ApiError {
  readonly details: { path: string; message: string }[];

  constructor(status: number, code: string, message: string, details: { path: string; message: string }[]) {
    super(status, code, message);
    this.name = 'OrderRequestError';
    this.details = details;
  }
}

/**
 * Places an order. The same `idempotencyKey` on a retry returns the same order, never a second
 * one. A share link's code travels in its cookie, which the server reads. Throws OrderRequestError
 * (HOLD_EXPIRED, SOLD_OUT, OUT_OF_STOCK, VALIDATION_FAILED …).
 */
export async function placeOrder(
  token: string,
  source: OrderSource,
  shippingAddress: ShippingAddress,
  idempotencyKey: string,
): Promise<PlacedOrder> {
  const response = await fetch('/api/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ ...source, shippingAddress }),
  });
  if (response.ok) return (await response.json()) as PlacedOrder;
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; details?: unknown } }
    | undefined;
  const details = Array.isArray(body?.error?.details) ? (body.error.details as { path: string; message: string }[]) : [];
  throw new OrderRequestError(
    response.status,
    body?.error?.code ?? 'HTTP_ERROR',
    body?.error?.message ?? `The order was not placed (${response.status})`,
    details,
  );
}

/** The built-in sandbox provider pays (or declines) the order's payment. Throws PAYMENT_NOT_PENDING, NOT_FOUND. */
export const payInSandbox = (token: string, paymentId: string, outcome: 'succeeded' | 'failed') =>
  api<{ paymentId: string; status: string; orderId: string }>('POST', `/api/payments/${encodeURIComponent(paymentId)}/sandbox-pay`, {
    token,
    body: { outcome },
  });

export const getOrder = (token: string, orderId: string) => api<Order>('GET', `/api/orders/${encodeURIComponent(orderId)}`, { token });
