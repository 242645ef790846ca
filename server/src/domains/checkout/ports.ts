import type { PlaceOrderInput } from '../orders/schema.ts';
import type { Actor } from '../orders/service.ts';
import type { OrderView, PlacedOrder } from '../orders/views.ts';

/** What a checkout asks the orders domain: place one merchant's part, undo it, read it back. */
export interface CheckoutOrders {
  placeOrder(buyerId: string, input: PlaceOrderInput, idempotencyKey?: string): Promise<PlacedOrder>;
  lapseUnpaidOrder(orderId: string, reason?: string): Promise<unknown>;
  getOrderFor(viewer: Actor, orderId: string): Promise<OrderView>;
}

/** What a checkout asks the catalogue: whose product it is and in which currency. */
export interface CheckoutCatalog {
  getProduct(productId: string): Promise<{ id: string; merchantId: string; currency: string }>;
}

/** What a checkout asks the payments domain: pay one order's payment in the sandbox. */
export interface CheckoutPayments {
  sandboxPay(buyerId: string, paymentId: string, outcome: 'succeeded' | 'failed'): Promise<unknown>;
}
