import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type OrderStatus, orderItems, orderStatusHistory, orders, type ShippingAddress } from '../../../../db/schema/index.ts';
import type { DbOrTx } from '../catalog/service.ts';

/** What an erased buyer's orders keep in place of the address: nothing that names or locates anyone. */
export const ERASED_ADDRESS: ShippingAddress = { name: 'Erased', line1: 'Erased', city: 'Erased', postalCode: '', country: 'ZZ' };

/**
 * Statuses in which an order still needs someone's personal data: unpaid (it may still be paid and
 * shipped) or paid and not shipped (the merchant needs the address to send it).
 */
const IN_PROGRESS: OrderStatus[] = ['pending_payment', 'paid'];

/**
 * The statuses in which the merchant must ship the order (paid) or may still need to follow the
 * parcel (shipped): only then does the merchant see the buyer's address. Not on unpaid, cancelled,
 * refunded, delivered or completed orders.
 */
const MERCHANT_SEES_ADDRESS: ReadonlySet<OrderStatus> = new Set(['paid', 'shipped']);

/** The address as the order's merchant may see it: null outside MERCHANT_SEES_ADDRESS. */
export function addressForMerchant(status: OrderStatus, address: ShippingAddress): ShippingAddress | null {
  return MERCHANT_SEES_ADDRESS.has(status) ? address : null;
}

/** One of the buyer's orders as their data export lists it: everything they gave, and what became of it. */
export interface ExportedOrder {
  id: string;
  status: OrderStatus;
  merchantId: string;
  streamId: string | null;
  totalCents: number;
  currency: string;
  shippingAddress: ShippingAddress;
  items: { productId: string; quantity: number; unitPriceCents: number }[];
  history: { from: string | null; to: string; at: string; reason: string | null }[];
  createdAt: string;
}

/** The orders domain's answers about one person's data (DELETE /api/me and GET /api/me/export). */
export class OrderPersonalData {
  readonly #db: Db;

  constructor(deps: { db: Db }) {
    this.#db = deps.db;
  }

  /** Every order the user placed, with its address, items and status history, oldest first. */
  async ordersOfBuyer(buyerId: string): Promise<ExportedOrder[]> {
    const rows = await this.#db.select().from(orders).where(eq(orders.buyerId, buyerId)).orderBy(asc(orders.createdAt));
    const ids = rows.map((o) => o.id);
    if (ids.length === 0) return [];
    const [items, history] = await Promise.all([
      this.#db.select().from(orderItems).where(inArray(orderItems.orderId, ids)),
      this.#db.select().from(orderStatusHistory).where(inArray(orderStatusHistory.orderId, ids)).orderBy(asc(orderStatusHistory.at)),
    ]);
    const itemsOf = Map.groupBy(items, (i) => i.orderId);
    const historyOf = Map.groupBy(history, (h) => h.orderId);
    return rows.map((o) => ({
      id: o.id,
      status: o.status,
      merchantId: o.merchantId,
      streamId: o.streamId,
      totalCents: o.totalCents,
      currency: o.currency,
      shippingAddress: o.shippingAddress,
      items: (itemsOf.get(o.id) ?? []).map((i) => ({ productId: i.productId, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
      history: (historyOf.get(o.id) ?? []).map((h) => ({ from: h.fromStatus, to: h.toStatus, at: h.at.toISOString(), reason: h.reason })),
      createdAt: o.createdAt.toISOString(),
    }));
  }

  /** Paid orders the user, as a merchant, has not shipped yet (oldest first). */
  async unshippedOrdersOfMerchant(merchantId: string): Promise<string[]> {
    const rows = await this.#db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.merchantId, merchantId), eq(orders.status, 'paid')))
      .orderBy(asc(orders.createdAt));
    return rows.map((r) => r.id);
  }

  /** The user's own orders that are unpaid or paid and not shipped yet. */
  async openOrdersOfBuyer(buyerId: string): Promise<{ id: string; status: OrderStatus }[]> {
    return this.#db
      .select({ id: orders.id, status: orders.status })
      .from(orders)
      .where(and(eq(orders.buyerId, buyerId), inArray(orders.status, IN_PROGRESS)))
      .orderBy(asc(orders.createdAt));
  }

  /** Replaces the address on every order the user placed; the orders stay for accounting. */
  async eraseAddressesOfBuyer(buyerId: string, db: DbOrTx = this.#db): Promise<void> {
    await db.update(orders).set({ shippingAddress: ERASED_ADDRESS }).where(eq(orders.buyerId, buyerId));
  }
}
