import type { MerchantOrderView } from '../../../server/src/domains/orders/views.ts';
import { api } from './api.ts';
import type { Order, OrderStatus } from './orders-api.ts';

/** One order in GET /api/merchants/me/orders: what to pack, for whom, and where to send it. */
export type MerchantOrder = MerchantOrderView;

export interface MerchantOrdersPage {
  items: MerchantOrder[];
  nextCursor?: string;
}

export interface Shipment {
  carrier?: string;
  trackingNumber?: string;
}

/**
 * The merchant's orders, newest first; `status` narrows them, `refundRequest: 'open'` keeps those whose
 * refund request waits for an answer, `cursor` is the previous page's `nextCursor`.
 */
export function listMerchantOrders(
  token: string,
  query: { status?: OrderStatus | undefined; refundRequest?: 'open' | undefined; cursor?: string | undefined } = {},
) {
  const params = new URLSearchParams({ limit: '20' });
  if (query.status) params.set('status', query.status);
  if (query.refundRequest) params.set('refundRequest', query.refundRequest);
  if (query.cursor) params.set('cursor', query.cursor);
  return api<MerchantOrdersPage>('GET', `/api/merchants/me/orders?${params}`, { token });
}

const orderUrl = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}`;

/** paid → shipped. Throws ApiError (GROUP_NOT_COMPLETE, INVALID_ORDER_TRANSITION, FORBIDDEN …). */
export const shipOrder = (token: string, orderId: string, shipment: Shipment) =>
  api<Order>('POST', `${orderUrl(orderId)}/ship`, { token, body: shipment });

/** Refunds the buyer; the stock comes back. Throws ApiError (INVALID_ORDER_TRANSITION …). */
export const refundOrder = (token: string, orderId: string) => api<Order>('POST', `${orderUrl(orderId)}/refund`, { token, body: {} });
