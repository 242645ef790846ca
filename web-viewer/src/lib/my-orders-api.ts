import type { BuyerOrderView } from '../../../server/src/domains/orders/views.ts';
import { api } from './api.ts';
import type { Order } from './orders-api.ts';

/** One order in GET /api/me/orders: what the buyer bought, from whom, where it is, and what they may still do. */
export type BuyerOrder = BuyerOrderView;

export interface BuyerOrdersPage {
  items: BuyerOrder[];
  nextCursor?: string;
}

/** What POST /api/orders/:id/review answers, the fields the page reads. */
export interface WrittenReview {
  id: string;
  rating: number;
  text: string;
}

/** The signed-in buyer's orders, newest first; `cursor` is the previous page's `nextCursor`. */
export function listMyOrders(token: string, query: { limit: number; cursor?: string | undefined }): Promise<BuyerOrdersPage> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.cursor) params.set('cursor', query.cursor);
  return api<BuyerOrdersPage>('GET', `/api/me/orders?${params}`, { token });
}

const orderUrl = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}`;

/** The buyer confirms the parcel arrived: delivered → completed. Throws ApiError (INVALID_ORDER_TRANSITION …). */
export const confirmReceipt = (token: string, orderId: string) => api<Order>('POST', `${orderUrl(orderId)}/complete`, { token });

/** Reviews the order (once). Throws ApiError (ALREADY_REVIEWED, NOT_REVIEWABLE, VALIDATION_FAILED …). */
export const reviewOrder = (token: string, orderId: string, review: { rating: number; text: string }) =>
  api<WrittenReview>('POST', `${orderUrl(orderId)}/review`, { token, body: review });
