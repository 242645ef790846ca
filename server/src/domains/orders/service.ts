import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import {
  idempotencyKeys,
  type OrderStatus,
  orderItems,
  orderStatusHistory,
  orders,
  type ShippingAddress,
} from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';
import { assertTransition } from '../../state-machine.ts';
import type { CatalogService, DbOrTx } from '../catalog/service.ts';
import type { FlashSaleService } from '../flash-sales/service.ts';
import type { PaymentService } from '../payments/service.ts';
import type { PlaceOrderInput } from './schema.ts';
import { ORDER_TRANSITIONS } from './transitions.ts';

type OrderRow = typeof orders.$inferSelect;
type ItemRow = typeof orderItems.$inferSelect;

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
  shippingAddress: ShippingAddress;
  items: { productId: string; quantity: number; unitPriceCents: number }[];
  history: { from: string | null; to: string; at: string; reason: string | null }[];
  createdAt: string;
}

/** What settlement needs to know of an order. */
export interface SettlementFacts {
  id: string;
  status: OrderStatus;
  buyerId: string;
  merchantId: string;
  kolId: string | null;
  referralCode: string | null;
  currency: string;
  totalCents: number;
  items: Pick<ItemRow, 'quantity' | 'unitPriceCents' | 'kolCommissionBps'>[];
}

interface Line {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  kolCommissionBps: number;
}

export class OrderService {
  readonly #db: Db;
  readonly #catalog: CatalogService;
  readonly #flashSales: FlashSaleService;
  readonly #payments: PaymentService;
  readonly #queues: Queues;
  readonly #bus: RealtimeBus;
  readonly #kolOfStream: (streamId: string) => Promise<string | null>;

  constructor(deps: {
    db: Db;
    catalog: CatalogService;
    flashSales: FlashSaleService;
    payments: PaymentService;
    queues: Queues;
    bus: RealtimeBus;
    kolOfStream: (streamId: string) => Promise<string | null>;
  }) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#flashSales = deps.flashSales;
    this.#payments = deps.payments;
    this.#queues = deps.queues;
    this.#bus = deps.bus;
    this.#kolOfStream = deps.kolOfStream;
  }

  /**
   * Places an order from a flash-sale reservation (sale price) or from items (list price); the
   * total is computed here. The same Idempotency-Key returns the first answer.
   * Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED, OUT_OF_STOCK, PRODUCT_NOT_AVAILABLE, MIXED_MERCHANTS.
   */
  async placeOrder(buyerId: string, input: PlaceOrderInput, idempotencyKey?: string): Promise<PlacedOrder> {
    const keyId = idempotencyKey ? `${buyerId}|orders|${idempotencyKey}` : undefined;
    if (keyId) {
      const [earlier] = await this.#db.select().from(idempotencyKeys).where(eq(idempotencyKeys.id, keyId));
      if (earlier) return earlier.body as PlacedOrder;
    }
    const placed = 'reservationId' in input ? await this.#fromReservation(buyerId, input) : await this.#fromItems(buyerId, input);
    if (keyId) await this.#db.insert(idempotencyKeys).values({ id: keyId, status: 201, body: placed }).onConflictDoNothing();
    return placed;
  }

  async #fromReservation(buyerId: string, input: Extract<PlaceOrderInput, { reservationId: string }>): Promise<PlacedOrder> {
    const hold = await this.#flashSales.consumeHold(buyerId, input.reservationId);
    const product = await this.#catalog.getProduct(hold.sale.productId);
    const streamId = hold.sale.streamId ?? input.streamId ?? null;
    try {
      return await this.#writeOrder({
        buyerId,
        merchantId: hold.sale.merchantId,
        streamId,
        currency: hold.sale.currency,
        lines: [
          {
            productId: product.id,
            quantity: hold.quantity,
            unitPriceCents: hold.sale.priceCents,
            kolCommissionBps: product.kolCommissionBps,
          },
        ],
        flashSaleId: hold.sale.id,
        reservationId: input.reservationId,
        shippingAddress: input.shippingAddress,
        referralCode: input.referralCode ?? null,
        beforeInsert: hold.record,
      });
    } catch (error) {
      await hold.undo();
      throw error;
    }
  }

  async #fromItems(buyerId: string, input: Extract<PlaceOrderInput, { items: unknown }>): Promise<PlacedOrder> {
    const quantities = new Map<string, number>();
    for (const item of input.items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
    const products = await Promise.all([...quantities.keys()].map((id) => this.#catalog.getProduct(id)));
    const first = products[0];
    if (!first) throw new AppError('VALIDATION_FAILED', 'No items');
    if (products.some((p) => p.status !== 'active')) throw new AppError('PRODUCT_NOT_AVAILABLE');
    if (products.some((p) => p.merchantId !== first.merchantId)) throw new AppError('MIXED_MERCHANTS');
    if (products.some((p) => p.currency !== first.currency)) throw new AppError('VALIDATION_FAILED', 'All items must share one currency');
    return this.#writeOrder({
      buyerId,
      merchantId: first.merchantId,
      streamId: input.streamId ?? null,
      currency: first.currency,
      lines: products.map((p) => ({
        productId: p.id,
        quantity: quantities.get(p.id) ?? 0,
        unitPriceCents: p.priceCents,
        kolCommissionBps: p.kolCommissionBps,
      })),
      flashSaleId: null,
      reservationId: null,
      shippingAddress: input.shippingAddress,
      referralCode: input.referralCode ?? null,
      beforeInsert: async (tx) => {
        for (const p of products) await this.#catalog.takeStock(tx, p.id, quantities.get(p.id) ?? 0);
      },
    });
  }

  async #writeOrder(o: {
    buyerId: string;
    merchantId: string;
    streamId: string | null;
    currency: string;
    lines: Line[];
    flashSaleId: string | null;
    reservationId: string | null;
    shippingAddress: ShippingAddress;
    referralCode: string | null;
    beforeInsert: (tx: DbOrTx) => Promise<void>;
  }): Promise<PlacedOrder> {
    const kolId = o.streamId ? await this.#kolOfStream(o.streamId) : null;
    if (o.streamId && kolId === null) throw new AppError('NOT_FOUND', 'Stream not found');
    const totalCents = o.lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
    return this.#db.transaction(async (tx) => {
      await o.beforeInsert(tx);
      const [order] = await tx
        .insert(orders)
        .values({
          buyerId: o.buyerId,
          merchantId: o.merchantId,
          streamId: o.streamId,
          kolId,
          flashSaleId: o.flashSaleId,
          reservationId: o.reservationId,
          referralCode: o.referralCode,
          currency: o.currency,
          totalCents,
          shippingAddress: o.shippingAddress,
        })
        .returning();
      if (!order) throw new Error('insert returned no row');
      await tx.insert(orderItems).values(o.lines.map((l) => ({ ...l, orderId: order.id })));
      await tx.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: null, toStatus: 'pending_payment' });
      const paymentId = await this.#payments.createPendingPayment(tx, order.id, totalCents, o.currency);
      return { id: order.id, status: order.status, totalCents, currency: o.currency, paymentId };
    });
  }

  /** The buyer, the order's merchant or an admin may read it. Throws NOT_FOUND. */
  async getOrderFor(viewer: { userId: string; roles: string[] }, orderId: string): Promise<OrderView> {
    const order = await this.#findOrder(orderId);
    const allowed = order && (order.buyerId === viewer.userId || order.merchantId === viewer.userId || viewer.roles.includes('admin'));
    if (!order || !allowed) throw new AppError('NOT_FOUND', 'Order not found');
    const [items, history, payment] = await Promise.all([
      this.#db.select().from(orderItems).where(eq(orderItems.orderId, orderId)),
      this.#db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, orderId)).orderBy(orderStatusHistory.at),
      this.#payments.findPaymentOfOrder(orderId),
    ]);
    return {
      id: order.id,
      status: order.status,
      totalCents: order.totalCents,
      currency: order.currency,
      paymentId: payment?.id ?? null,
      buyerId: order.buyerId,
      merchantId: order.merchantId,
      streamId: order.streamId,
      flashSaleId: order.flashSaleId,
      reservationId: order.reservationId,
      shippingAddress: order.shippingAddress,
      items: items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
      history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, at: h.at.toISOString(), reason: h.reason })),
      createdAt: order.createdAt.toISOString(),
    };
  }

  async listOrdersOfBuyer(
    buyerId: string,
  ): Promise<{ id: string; status: OrderStatus; totalCents: number; currency: string; createdAt: string }[]> {
    const rows = await this.#db.select().from(orders).where(eq(orders.buyerId, buyerId)).orderBy(orders.createdAt).limit(100);
    return rows.map((o) => ({
      id: o.id,
      status: o.status,
      totalCents: o.totalCents,
      currency: o.currency,
      createdAt: o.createdAt.toISOString(),
    }));
  }

  /**
   * Payment succeeded: pending_payment → paid, the flash-sale hold is sold, settlement is queued
   * and the buyer is told. Idempotent for an order that is already paid.
   */
  async markPaid(orderId: string): Promise<void> {
    const order = await this.#findOrder(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (order.status !== 'paid') await this.#transition(order, 'paid', 'payment succeeded');
    if (order.reservationId) await this.#flashSales.sellHold(order.reservationId);
    await this.#queues.add('order-settlement', `order-settlement-${orderId}`, { orderId });
  }

  /** Facts for the settlement job. Throws NOT_FOUND. */
  async getSettlementFacts(orderId: string): Promise<SettlementFacts> {
    const order = await this.#findOrder(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    const items = await this.#db
      .select({ quantity: orderItems.quantity, unitPriceCents: orderItems.unitPriceCents, kolCommissionBps: orderItems.kolCommissionBps })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId));
    return {
      id: order.id,
      status: order.status,
      buyerId: order.buyerId,
      merchantId: order.merchantId,
      kolId: order.kolId,
      referralCode: order.referralCode,
      currency: order.currency,
      totalCents: order.totalCents,
      items,
    };
  }

  async #transition(order: OrderRow, to: OrderStatus, reason: string): Promise<void> {
    assertTransition(ORDER_TRANSITIONS, order.status, to, 'INVALID_ORDER_TRANSITION');
    const moved = await this.#db.transaction(async (tx) => {
      // Conditional on the status read, so two racing calls move the order once.
      const [row] = await tx
        .update(orders)
        .set({ status: to })
        .where(and(eq(orders.id, order.id), inArray(orders.status, [order.status])))
        .returning({ id: orders.id });
      if (!row) return false;
      await tx.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: order.status, toStatus: to, reason });
      return true;
    });
    if (moved) {
      await this.#bus.publish({ room: rooms.user(order.buyerId), event: 'order:update', payload: { orderId: order.id, status: to } });
    }
  }

  async #findOrder(orderId: string): Promise<OrderRow | undefined> {
    const [row] = await this.#db.select().from(orders).where(eq(orders.id, orderId));
    return row;
  }
}
