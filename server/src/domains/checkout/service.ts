import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { checkouts } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import type { PlacedOrder } from '../orders/views.ts';
import type { CheckoutCatalog, CheckoutOrders, CheckoutPayments } from './ports.ts';
import type { CheckoutInput, CheckoutView } from './schema.ts';

type CheckoutItem = CheckoutInput['items'][number];

/**
 * A cart paid in one go. It splits into one order per merchant (each with its own payment, settled
 * on its own by the ledger as any order is), placed as steps that undo themselves in reverse when a
 * later one fails: a cart is placed whole or not at all.
 */
export class CheckoutService {
  readonly #db: Db;
  readonly #orders: CheckoutOrders;
  readonly #catalog: CheckoutCatalog;
  readonly #payments: CheckoutPayments;

  constructor(deps: { db: Db; orders: CheckoutOrders; catalog: CheckoutCatalog; payments: CheckoutPayments }) {
    this.#db = deps.db;
    this.#orders = deps.orders;
    this.#catalog = deps.catalog;
    this.#payments = deps.payments;
  }

  /**
   * Places the cart: one order per merchant, all or none. The same Idempotency-Key returns the first
   * checkout. Throws NOT_FOUND, VALIDATION_FAILED (several currencies) and what placing an order throws
   * (OUT_OF_STOCK, PRODUCT_NOT_AVAILABLE, ORDER_TOTAL_TOO_LARGE…).
   */
  async placeCheckout(buyerId: string, input: CheckoutInput, idempotencyKey?: string): Promise<CheckoutView> {
    if (idempotencyKey) {
      const [earlier] = await this.#db
        .select({ id: checkouts.id })
        .from(checkouts)
        .where(and(eq(checkouts.buyerId, buyerId), eq(checkouts.idempotencyKey, idempotencyKey)));
      if (earlier) return this.getCheckout(buyerId, earlier.id);
    }
    const byMerchant = await this.#splitByMerchant(input.items);
    const placed: PlacedOrder[] = [];
    try {
      for (const [merchantId, items] of byMerchant) {
        const order = await this.#orders.placeOrder(
          buyerId,
          {
            items,
            shippingAddress: input.shippingAddress,
            ...(input.streamId ? { streamId: input.streamId } : {}),
            ...(input.referralCode ? { referralCode: input.referralCode } : {}),
          },
          idempotencyKey ? `checkout|${idempotencyKey}|${merchantId}` : undefined,
        );
        placed.push(order);
      }
    } catch (error) {
      for (const order of placed.reverse()) await this.#orders.lapseUnpaidOrder(order.id, 'another part of the checkout failed');
      throw error;
    }
    try {
      const [row] = await this.#db
        .insert(checkouts)
        .values({ buyerId, orderIds: placed.map((o) => o.id), idempotencyKey: idempotencyKey ?? null })
        .returning({ id: checkouts.id });
      if (!row) throw new Error('checkout insert returned nothing');
      return this.getCheckout(buyerId, row.id);
    } catch (error) {
      // Two requests with one key raced: the orders are the same ones (their keys matched), so answer the first.
      if (!idempotencyKey || !isUniqueViolation(error)) throw error;
      return this.placeCheckout(buyerId, input, idempotencyKey);
    }
  }

  /** The buyer's checkout with its orders as they are now. Throws NOT_FOUND (also for anyone else's). */
  async getCheckout(buyerId: string, checkoutId: string): Promise<CheckoutView> {
    const [row] = await this.#db
      .select()
      .from(checkouts)
      .where(and(eq(checkouts.id, checkoutId), eq(checkouts.buyerId, buyerId)));
    if (!row) throw new AppError('NOT_FOUND', 'Checkout not found');
    const actor = { userId: buyerId, roles: [] };
    const orders = await Promise.all(row.orderIds.map((orderId) => this.#orders.getOrderFor(actor, orderId)));
    const statuses = orders.map((o) => o.status);
    const isPaid = (s: string) => s !== 'pending_payment' && s !== 'cancelled';
    return {
      id: row.id,
      status: statuses.every(isPaid)
        ? 'paid'
        : statuses.includes('pending_payment')
          ? 'pending_payment'
          : statuses.some(isPaid)
            ? 'partly_paid'
            : 'cancelled',
      totalCents: orders.reduce((sum, o) => sum + o.totalCents, 0),
      currency: orders[0]?.currency ?? 'CNY',
      orders: orders.map((o) => ({
        id: o.id,
        merchantId: o.merchantId,
        status: o.status,
        totalCents: o.totalCents,
        currency: o.currency,
        paymentId: o.paymentId,
      })),
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Pays every order of the checkout still waiting for payment, in the sandbox. Throws NOT_FOUND. */
  async payInSandbox(buyerId: string, checkoutId: string, outcome: 'succeeded' | 'failed'): Promise<CheckoutView> {
    const checkout = await this.getCheckout(buyerId, checkoutId);
    for (const order of checkout.orders) {
      if (order.status === 'pending_payment' && order.paymentId) await this.#payments.sandboxPay(buyerId, order.paymentId, outcome);
    }
    return this.getCheckout(buyerId, checkoutId);
  }

  /** Groups the cart's lines by merchant, in the order the buyer added them. */
  async #splitByMerchant(items: readonly CheckoutItem[]): Promise<Map<string, CheckoutItem[]>> {
    const productIds = [...new Set(items.map((i) => i.productId))];
    const products = new Map((await Promise.all(productIds.map((id) => this.#catalog.getProduct(id)))).map((p) => [p.id, p]));
    const currencies = new Set([...products.values()].map((p) => p.currency));
    if (currencies.size > 1) throw new AppError('VALIDATION_FAILED', 'All items of one checkout must share one currency');
    const groups = new Map<string, CheckoutItem[]>();
    for (const item of items) {
      const merchantId = products.get(item.productId)?.merchantId;
      if (!merchantId) throw new AppError('NOT_FOUND', 'Product not found');
      groups.set(merchantId, [...(groups.get(merchantId) ?? []), item]);
    }
    return groups;
  }
}
