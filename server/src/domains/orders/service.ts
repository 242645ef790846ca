import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import {
  idempotencyKeys,
  type OrderStatus,
  orderItems,
  orderStatusHistory,
  orders,
  type ShippingAddress,
} from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';
import { assertTransition } from '../../state-machine.ts';
import { type CatalogService, type DbOrTx, MODERATED_STATUSES } from '../catalog/service.ts';
import type { FlashSaleService } from '../flash-sales/service.ts';
import type { PaymentService } from '../payments/service.ts';
import { type CommissionEligibility, withEarningRates } from './commission.ts';
import { addressForMerchant } from './personal-data.ts';
import { afterSalesOf, latestRefundRequests, ordersWithOpenRefundRequest } from './refund-request-reads.ts';
import type { BuyerOrdersFilter, MerchantOrdersFilter, PlaceOrderInput } from './schema.ts';
import { shipmentReason, trackingOfReason } from './shipment.ts';
import { orderTotalCents } from './total.ts';
import { ORDER_TRANSITIONS } from './transitions.ts';
import type { BuyerOrderView, MerchantOrderView, OrderView, PlacedOrder } from './views.ts';

export type { BuyerOrderView, MerchantOrderView, OrderView, PlacedOrder };

type OrderRow = typeof orders.$inferSelect;
type ItemRow = typeof orderItems.$inferSelect;

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

/** Who acts on an order (from the verified token). */
export interface Actor {
  userId: string;
  roles: readonly string[];
}

export type PaidOutcome = 'paid' | 'already-paid' | 'not-payable';
export type LapseOutcome = 'cancelled' | 'paid' | 'not-pending';
export type AutoCompleteOutcome = 'completed' | 'not-delivered';
export type PlatformRefundOutcome = 'refunded' | 'already-refunded' | 'not-refundable';
export type UnshippedRefundOutcome = 'refunded' | 'already-refunded' | 'not-paid';

/**
 * The statuses whose orders "My orders" invites the buyer to review: the parcel arrived. (The
 * reviews domain accepts a review from paid on; inviting one before delivery would ask too early.)
 */
const INVITES_REVIEW: ReadonlySet<OrderStatus> = new Set(['delivered', 'completed']);

/** Thrown inside #move()'s transaction to roll it back when `also` declines. */
class Declined extends Error {}

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
  readonly #commission: CommissionEligibility;
  readonly #reverseLedger: (tx: DbOrTx, orderId: string, currency: string) => Promise<number>;
  readonly #clock: Clock;
  readonly #times: { paymentTtlMs: number; returnWindowMs: number };
  readonly #holdsSettlement: (orderId: string) => Promise<boolean>;
  readonly #beforeShip: (orderId: string) => Promise<void>;
  readonly #afterLapse: (orderId: string) => Promise<void>;
  readonly #afterRefund: (orderId: string) => Promise<void>;
  readonly #afterPaid: (order: { orderId: string; buyerId: string; streamId: string | null }) => void;
  readonly #displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;
  readonly #waitingForGroup: (orderIds: readonly string[]) => Promise<Set<string>>;
  readonly #reviewedOrders: (orderIds: readonly string[]) => Promise<Set<string>>;

  constructor(deps: {
    db: Db;
    catalog: CatalogService;
    flashSales: FlashSaleService;
    payments: PaymentService;
    queues: Queues;
    bus: RealtimeBus;
    /** Who earns KOL commission on an order naming a stream (the streams domain answers). */
    commission: CommissionEligibility;
    /** Writes the order's reversal ledger transaction inside the refund's transaction. */
    reverseLedger: (tx: DbOrTx, orderId: string, currency: string) => Promise<number>;
    clock: Clock;
    /** How long an order may stay unpaid, and how long after delivery it completes by itself. */
    times: { paymentTtlMs: number; returnWindowMs: number };
    /** Asked on every payment: true when another domain (a group buy) holds the order's settlement and queues it later. */
    holdsSettlement?: (orderId: string) => Promise<boolean>;
    /** Asked before a paid order ships: another domain (a group buy) may refuse with its own error. */
    beforeShip?: (orderId: string) => Promise<void>;
    /** Told when an unpaid order lapsed (a group buy's member left and freed a place). */
    afterLapse?: (orderId: string) => Promise<void>;
    /** Told when the merchant or an admin refunded an order (its open refund request is answered by it). */
    afterRefund?: (orderId: string) => Promise<void>;
    /** Told once when an order became paid (the stream's room hears of the purchase); must not throw. */
    afterPaid?: (order: { orderId: string; buyerId: string; streamId: string | null }) => void;
    /** The users' public names (the auth domain's), for the merchant's order list. */
    displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;
    /** Of these orders, those held by another domain until it decides (a group buy's open group). */
    waitingForGroup?: (orderIds: readonly string[]) => Promise<Set<string>>;
    /** Of these orders, those already reviewed (the reviews domain's), for the buyer's order list. */
    reviewedOrders?: (orderIds: readonly string[]) => Promise<Set<string>>;
  }) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#flashSales = deps.flashSales;
    this.#payments = deps.payments;
    this.#queues = deps.queues;
    this.#bus = deps.bus;
    this.#commission = deps.commission;
    this.#reverseLedger = deps.reverseLedger;
    this.#clock = deps.clock;
    this.#times = deps.times;
    this.#holdsSettlement = deps.holdsSettlement ?? (async () => false);
    this.#beforeShip = deps.beforeShip ?? (async () => {});
    this.#afterLapse = deps.afterLapse ?? (async () => {});
    this.#afterRefund = deps.afterRefund ?? (async () => {});
    this.#afterPaid = deps.afterPaid ?? (() => {});
    this.#displayNames = deps.displayNames;
    this.#waitingForGroup = deps.waitingForGroup ?? (async () => new Set());
    this.#reviewedOrders = deps.reviewedOrders ?? (async () => new Set());
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
    await this.#queues.add(
      'order-expiry',
      `order-expiry-${placed.id}`,
      { orderId: placed.id },
      new Date(this.#clock.now().getTime() + this.#times.paymentTtlMs),
    );
    if (keyId) await this.#db.insert(idempotencyKeys).values({ id: keyId, status: 201, body: placed }).onConflictDoNothing();
    return placed;
  }

  async #fromReservation(buyerId: string, input: Extract<PlaceOrderInput, { reservationId: string }>): Promise<PlacedOrder> {
    const hold = await this.#flashSales.consumeHold(buyerId, input.reservationId);
    const product = await this.#catalog.getProduct(hold.sale.productId);
    // A sale names its stream only once the stream's KOL agreed to show it there.
    const saleStreamId = hold.sale.streamApproval === 'accepted' ? hold.sale.streamId : null;
    const streamId = saleStreamId ?? input.streamId ?? null;
    try {
      // An admin may have taken the product down (or suspended its merchant) since the buyer got the hold.
      if (MODERATED_STATUSES.includes(product.status)) throw new AppError('PRODUCT_NOT_AVAILABLE');
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
        saleShownInStream: saleStreamId !== null,
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
      saleShownInStream: false,
      reservationId: null,
      shippingAddress: input.shippingAddress,
      referralCode: input.referralCode ?? null,
      beforeInsert: async (tx) => {
        for (const p of products) await this.#catalog.takeStock(tx, p.id, quantities.get(p.id) ?? 0);
      },
    });
  }

  /**
   * Places a one-product order at a unit price another domain set (a group buy's price); the
   * total is computed here, and `alongside` writes in the order's transaction once the order
   * exists. A referral code credits its sharer at settlement, as on any order.
   * Throws NOT_FOUND, PRODUCT_NOT_AVAILABLE, OUT_OF_STOCK and what `alongside` throws.
   */
  async placeOrderAtPrice(
    buyerId: string,
    input: {
      productId: string;
      unitPriceCents: number;
      streamId: string | null;
      /** The offer the order comes from is shown in that stream with its KOL's consent. */
      saleShownInStream?: boolean;
      shippingAddress: ShippingAddress;
      referralCode?: string | undefined;
    },
    alongside: (tx: DbOrTx, orderId: string) => Promise<void>,
  ): Promise<PlacedOrder> {
    const product = await this.#catalog.getProduct(input.productId);
    if (product.status !== 'active') throw new AppError('PRODUCT_NOT_AVAILABLE');
    const placed = await this.#writeOrder({
      buyerId,
      merchantId: product.merchantId,
      streamId: input.streamId,
      currency: product.currency,
      lines: [{ productId: product.id, quantity: 1, unitPriceCents: input.unitPriceCents, kolCommissionBps: product.kolCommissionBps }],
      flashSaleId: null,
      saleShownInStream: input.saleShownInStream ?? false,
      reservationId: null,
      shippingAddress: input.shippingAddress,
      referralCode: input.referralCode ?? null,
      beforeInsert: (tx) => this.#catalog.takeStock(tx, product.id, 1).then(() => {}),
      afterInsert: alongside,
    });
    await this.#queues.add(
      'order-expiry',
      `order-expiry-${placed.id}`,
      { orderId: placed.id },
      new Date(this.#clock.now().getTime() + this.#times.paymentTtlMs),
    );
    return placed;
  }

  async #writeOrder(o: {
    buyerId: string;
    merchantId: string;
    streamId: string | null;
    currency: string;
    lines: Line[];
    flashSaleId: string | null;
    saleShownInStream: boolean;
    reservationId: string | null;
    shippingAddress: ShippingAddress;
    referralCode: string | null;
    beforeInsert: (tx: DbOrTx) => Promise<void>;
    afterInsert?: (tx: DbOrTx, orderId: string) => Promise<void>;
  }): Promise<PlacedOrder> {
    // Decided once, here: a KOL earns only on what their stream offered, while it was on (ADR 0012).
    const commission = o.streamId
      ? await this.#commission.commissionFor({
          streamId: o.streamId,
          buyerId: o.buyerId,
          productIds: o.lines.map((l) => l.productId),
          saleShownInStream: o.saleShownInStream,
          at: this.#clock.now(),
        })
      : undefined;
    if (commission && !commission.streamFound) throw new AppError('NOT_FOUND', 'Stream not found');
    const kolId = commission?.kolId ?? null;
    const lines = commission ? withEarningRates(o.lines, commission) : o.lines;
    const totalCents = orderTotalCents(o.lines);
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
      await tx.insert(orderItems).values(lines.map((l) => ({ ...l, orderId: order.id })));
      await tx.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: null, toStatus: 'pending_payment' });
      await o.afterInsert?.(tx, order.id);
      const paymentId = await this.#payments.createPendingPayment(tx, order.id, totalCents, o.currency);
      return { id: order.id, status: order.status, totalCents, currency: o.currency, paymentId };
    });
  }

  /** The buyer, the order's merchant or an admin may read it. Throws NOT_FOUND. */
  async getOrderFor(viewer: Actor, orderId: string): Promise<OrderView> {
    const order = await this.#findOrder(orderId);
    const allowed = order && (order.buyerId === viewer.userId || order.merchantId === viewer.userId || viewer.roles.includes('admin'));
    if (!order || !allowed) throw new AppError('NOT_FOUND', 'Order not found');
    const [items, history, payment, refundRequests] = await Promise.all([
      this.#db.select().from(orderItems).where(eq(orderItems.orderId, orderId)),
      this.#db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, orderId)).orderBy(orderStatusHistory.at),
      this.#payments.findPaymentOfOrder(orderId),
      latestRefundRequests(this.#db, [orderId]),
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
      // The buyer and admins always see it; the merchant only while the order is theirs to ship.
      shippingAddress:
        order.buyerId === viewer.userId || viewer.roles.includes('admin')
          ? order.shippingAddress
          : addressForMerchant(order.status, order.shippingAddress),
      items: items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPriceCents: i.unitPriceCents })),
      history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, at: h.at.toISOString(), reason: h.reason })),
      createdAt: order.createdAt.toISOString(),
      refundRequest: refundRequests.get(orderId) ?? null,
    };
  }

  /**
   * The buyer's orders, newest first; `cursor` is the `nextCursor` of the page before. Each comes
   * with its items (title, image), the merchant's name, the tracking once shipped, the payment to
   * pay while unpaid, and whether the buyer is invited to review it.
   */
  async listOrdersOfBuyer(buyerId: string, filter: BuyerOrdersFilter): Promise<{ items: BuyerOrderView[]; nextCursor?: string }> {
    const { rows, nextCursor } = await this.#newestFirst(eq(orders.buyerId, buyerId), filter);
    const orderIds = rows.map((o) => o.id);
    const unpaidIds = rows.filter((o) => o.status === 'pending_payment').map((o) => o.id);
    const itemsOf = await this.#itemsOf(orderIds);
    const [cards, merchantNames, shipments, paymentIds, reviewed, afterSales] = await Promise.all([
      this.#catalog.getProductCards([...itemsOf.values()].flat().map((i) => i.productId)),
      this.#displayNames(rows.map((o) => o.merchantId)),
      this.#shipmentsOf(orderIds),
      this.#payments.findOpenPaymentIdsOfOrders(unpaidIds),
      this.#reviewedOrders(orderIds),
      afterSalesOf(this.#db, rows, { now: this.#clock.now(), returnWindowMs: this.#times.returnWindowMs }),
    ]);
    return {
      items: rows.map((order) => {
        const isUnpaid = order.status === 'pending_payment';
        return {
          id: order.id,
          status: order.status,
          totalCents: order.totalCents,
          currency: order.currency,
          createdAt: order.createdAt.toISOString(),
          items: (itemsOf.get(order.id) ?? []).map((i) => ({
            productId: i.productId,
            title: cards.get(i.productId)?.title ?? 'Product',
            imageUrl: cards.get(i.productId)?.imageUrl ?? null,
            quantity: i.quantity,
            unitPriceCents: i.unitPriceCents,
          })),
          merchantDisplayName: merchantNames.get(order.merchantId) ?? 'A shop',
          shipment: shipments.get(order.id) ?? null,
          paymentId: isUnpaid ? (paymentIds.get(order.id) ?? null) : null,
          paymentDueAt: isUnpaid ? new Date(order.createdAt.getTime() + this.#times.paymentTtlMs).toISOString() : null,
          canReview: INVITES_REVIEW.has(order.status) && !reviewed.has(order.id),
          hasReview: reviewed.has(order.id),
          canCancel: afterSales.get(order.id)?.canCancel ?? false,
          canRequestRefund: afterSales.get(order.id)?.canRequestRefund ?? false,
          refundRequest: afterSales.get(order.id)?.refundRequest ?? null,
        };
      }),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /**
   * The merchant's orders, newest first, optionally of one status or only those with an open refund
   * request; `cursor` is the `nextCursor` of the page before. Each comes with its items' titles, the
   * buyer's display name, the address and the latest refund request.
   */
  async listOrdersOfMerchant(
    merchantId: string,
    filter: MerchantOrdersFilter,
  ): Promise<{ items: MerchantOrderView[]; nextCursor?: string }> {
    const where = and(
      eq(orders.merchantId, merchantId),
      filter.status ? eq(orders.status, filter.status) : undefined,
      filter.refundRequest === 'open' ? inArray(orders.id, ordersWithOpenRefundRequest(this.#db)) : undefined,
    );
    const { rows, nextCursor } = await this.#newestFirst(where, filter);
    const orderIds = rows.map((o) => o.id);
    const itemsOf = await this.#itemsOf(orderIds);
    const [cards, buyerNames, waiting, refundRequests] = await Promise.all([
      this.#catalog.getProductCards([...itemsOf.values()].flat().map((i) => i.productId)),
      this.#displayNames(rows.map((o) => o.buyerId)),
      this.#waitingForGroup(orderIds),
      latestRefundRequests(this.#db, orderIds),
    ]);
    return {
      items: rows.map((order) => ({
        id: order.id,
        status: order.status,
        items: (itemsOf.get(order.id) ?? []).map((i) => ({
          productId: i.productId,
          title: cards.get(i.productId)?.title ?? 'Product',
          quantity: i.quantity,
          unitPriceCents: i.unitPriceCents,
        })),
        totalCents: order.totalCents,
        currency: order.currency,
        buyerDisplayName: buyerNames.get(order.buyerId) ?? 'A buyer',
        shippingAddress: addressForMerchant(order.status, order.shippingAddress),
        createdAt: order.createdAt.toISOString(),
        waitingForGroup: waiting.has(order.id),
        refundRequest: refundRequests.get(order.id) ?? null,
      })),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  /** A page of the orders `where` matches, newest first, after `cursor`; `nextCursor` when older ones remain. */
  async #newestFirst(
    where: SQL | undefined,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ rows: OrderRow[]; nextCursor?: string }> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.#db
      .select({ order: orders, exactCreatedAt: sql<string>`${orders.createdAt}::text` })
      .from(orders)
      .where(and(where, after ? olderThan(orders.createdAt, orders.id, after) : undefined))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(page.limit + 1);
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      rows: shown.map((r) => r.order),
      ...(rows.length > page.limit && last ? { nextCursor: encodeCursor(last.exactCreatedAt, last.order.id) } : {}),
    };
  }

  /** The orders' items, by order id, in one query. */
  async #itemsOf(orderIds: readonly string[]): Promise<Map<string, ItemRow[]>> {
    if (orderIds.length === 0) return new Map();
    const items = await this.#db
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, [...orderIds]));
    return Map.groupBy(items, (i) => i.orderId);
  }

  /** The orders' shipments (from their `shipped` history step), by order id; orders not shipped are left out. */
  async #shipmentsOf(orderIds: readonly string[]): Promise<Map<string, { tracking: string | null; shippedAt: string }>> {
    if (orderIds.length === 0) return new Map();
    const steps = await this.#db
      .select({ orderId: orderStatusHistory.orderId, reason: orderStatusHistory.reason, at: orderStatusHistory.at })
      .from(orderStatusHistory)
      .where(and(inArray(orderStatusHistory.orderId, [...orderIds]), eq(orderStatusHistory.toStatus, 'shipped')))
      .orderBy(orderStatusHistory.at);
    // Oldest first, so the latest step of an order wins.
    return new Map(steps.map((step) => [step.orderId, { tracking: trackingOfReason(step.reason), shippedAt: step.at.toISOString() }]));
  }

  /**
   * Payment succeeded: pending_payment → paid, the flash-sale hold is sold, settlement is queued
   * and the buyer is told. Idempotent: for an order already past paid it only makes sure the
   * settlement job exists. 'not-payable' for a cancelled or refunded order. Throws NOT_FOUND.
   */
  async markPaid(orderId: string): Promise<PaidOutcome> {
    const order = await this.#findOrder(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (order.status === 'cancelled' || order.status === 'refunded') return 'not-payable';
    const moved = order.status === 'pending_payment' && (await this.#move(order, 'paid', 'payment succeeded'));
    // Lost a race with the lapse job: look again.
    if (order.status === 'pending_payment' && !moved) return this.markPaid(orderId);
    // The units were no longer held (e.g. Redis lost a hold that was never written down): the buyer gets the money back.
    if (order.reservationId && (await this.#flashSales.sellHold(order.reservationId)) === 'expired') {
      await this.refundByPlatform(orderId, 'the reserved units were no longer held when the payment arrived');
      return 'not-payable';
    }
    if (moved) this.#afterPaid({ orderId, buyerId: order.buyerId, streamId: order.streamId });
    if (!(await this.#holdsSettlement(orderId))) await this.queueSettlement(orderId);
    return moved ? 'paid' : 'already-paid';
  }

  /** Queues the paid order's settlement; the job id makes a second call a no-op (and the ledger settles once). */
  async queueSettlement(orderId: string): Promise<void> {
    await this.#queues.add('order-settlement', `order-settlement-${orderId}`, { orderId });
  }

  /**
   * The merchant hands the parcel to a carrier: paid → shipped. Throws NOT_FOUND, FORBIDDEN,
   * INVALID_ORDER_TRANSITION, and GROUP_NOT_COMPLETE for a group buy's order before its group filled.
   */
  async shipOrder(actor: Actor, orderId: string, shipment: { carrier?: string | undefined; trackingNumber?: string | undefined } = {}) {
    const order = await this.#orderFor(actor, orderId, 'merchant');
    if (order.status === 'paid') await this.#beforeShip(orderId);
    await this.#moveOrConflict(order, 'shipped', shipmentReason(shipment));
    return this.getOrderFor(actor, orderId);
  }

  /**
   * The parcel arrived: shipped → delivered; the order completes by itself when the return window
   * passes. Throws NOT_FOUND, FORBIDDEN, INVALID_ORDER_TRANSITION.
   */
  async deliverOrder(actor: Actor, orderId: string): Promise<OrderView> {
    const order = await this.#orderFor(actor, orderId, 'merchant');
    await this.#moveOrConflict(order, 'delivered', 'delivered');
    await this.#queues.add(
      'order-auto-complete',
      `order-auto-complete-${orderId}`,
      { orderId },
      new Date(this.#clock.now().getTime() + this.#times.returnWindowMs),
    );
    return this.getOrderFor(actor, orderId);
  }

  /**
   * The buyer confirms receipt: delivered → completed, and the commissions settle. A parcel the
   * carrier never reported delivered can be confirmed while shipped: the order then records the
   * delivery (by the buyer's word) and completes. Throws NOT_FOUND, FORBIDDEN, INVALID_ORDER_TRANSITION.
   */
  async completeOrder(actor: Actor, orderId: string): Promise<OrderView> {
    let order = await this.#orderFor(actor, orderId, 'buyer');
    if (order.status === 'shipped') {
      await this.#moveOrConflict(order, 'delivered', 'received, confirmed by the buyer');
      order = { ...order, status: 'delivered' };
    }
    await this.#moveOrConflict(order, 'completed', 'confirmed by the buyer');
    await this.#queues.add('commission-settlement', `commission-settlement-${orderId}`, { orderId });
    return this.getOrderFor(actor, orderId);
  }

  /** The return window passed (a job): a delivered order completes and its commissions settle. Idempotent. */
  async completeDeliveredOrder(orderId: string): Promise<AutoCompleteOutcome> {
    const order = await this.#findOrder(orderId);
    if (order?.status === 'completed') {
      // Completed by the buyer: make sure the commissions job exists (a crash may have lost it).
      await this.#queues.add('commission-settlement', `commission-settlement-${orderId}`, { orderId });
      return 'not-delivered';
    }
    if (order?.status !== 'delivered') return 'not-delivered';
    if (!(await this.#move(order, 'completed', 'return window passed'))) return this.completeDeliveredOrder(orderId);
    await this.#queues.add('commission-settlement', `commission-settlement-${orderId}`, { orderId });
    return 'completed';
  }

  /**
   * An unpaid order's time is up (a job): it is cancelled and its payment closed in one
   * transaction; an items order gives its stock back, a reservation order its units to the sale.
   * When the payment succeeded meanwhile the order is marked paid instead. Idempotent.
   */
  async lapseUnpaidOrder(orderId: string, reason = 'not paid in time'): Promise<LapseOutcome> {
    const order = await this.#findOrder(orderId);
    // A retry after a crash between the cancellation and the release finishes the release.
    if (order?.status === 'cancelled') await this.#releaseHoldOf(order);
    if (order?.status !== 'pending_payment') return 'not-pending';
    const cancelled = await this.#move(order, 'cancelled', reason, async (tx) => {
      if (!(await this.#payments.cancelPendingPayment(tx, orderId))) return false;
      if (!order.reservationId) await this.#returnStock(tx, orderId);
      return true;
    });
    if (cancelled) {
      await this.#releaseHoldOf(order);
      await this.#afterLapse(orderId);
      return 'cancelled';
    }
    // The webhook won the race (or left the order half-paid before a crash): finish paying.
    const paid = await this.markPaid(orderId);
    return paid === 'not-payable' ? 'not-pending' : 'paid';
  }

  /** A cancelled reservation order's units go back to its flash sale (idempotent). */
  async #releaseHoldOf(order: OrderRow): Promise<void> {
    if (order.reservationId) await this.#flashSales.releaseOrderedHold(order.reservationId);
  }

  /**
   * The merchant or an admin refunds a paid order: the provider returns the money, the stock comes
   * back, and one reversal ledger transaction undoes everything the order earned (in the same
   * PostgreSQL transaction as the status change). The same Idempotency-Key returns the first answer.
   * Throws NOT_FOUND, FORBIDDEN, INVALID_ORDER_TRANSITION.
   */
  async refundOrder(actor: Actor, orderId: string, reason?: string, idempotencyKey?: string): Promise<OrderView> {
    const keyId = idempotencyKey ? `${actor.userId}|refund|${orderId}|${idempotencyKey}` : undefined;
    if (keyId) {
      const [earlier] = await this.#db.select().from(idempotencyKeys).where(eq(idempotencyKeys.id, keyId));
      if (earlier) return earlier.body as OrderView;
    }
    const order = await this.#orderFor(actor, orderId, 'merchant');
    assertTransition(ORDER_TRANSITIONS, order.status, 'refunded', 'INVALID_ORDER_TRANSITION');
    // The provider first: if we crash after it, a retry refunds under the same provider key.
    await this.#payments.refundPayment(orderId);
    await this.#moveOrConflict(order, 'refunded', reason ? `refunded: ${reason}` : 'refunded', (tx) => this.#undoSale(tx, order));
    await this.#afterRefund(orderId);
    const view = await this.getOrderFor(actor, orderId);
    if (keyId) await this.#db.insert(idempotencyKeys).values({ id: keyId, status: 200, body: view }).onConflictDoNothing();
    return view;
  }

  /**
   * The platform refunds a paid order on its own (a group buy that did not fill), as refundOrder()
   * does for a merchant. Idempotent: a refunded order answers 'already-refunded', and the provider
   * refund, the status move and the ledger reversal each happen once. Throws NOT_FOUND.
   */
  async refundByPlatform(orderId: string, reason: string): Promise<PlatformRefundOutcome> {
    const order = await this.#findOrder(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (order.status === 'refunded') return 'already-refunded';
    if (!ORDER_TRANSITIONS[order.status].includes('refunded')) return 'not-refundable';
    await this.#payments.refundPayment(orderId);
    const refunded = await this.#move(order, 'refunded', reason, (tx) => this.#undoSale(tx, order));
    return refunded ? 'refunded' : this.refundByPlatform(orderId, reason);
  }

  /**
   * Refunds a paid order that has not shipped (its buyer cancelled it), as refundByPlatform() does.
   * The provider is asked inside the transaction that moves the order, after its row is locked: a
   * merchant shipping it at the same moment either comes first ('not-paid', nothing refunded) or
   * waits and finds it refunded. Idempotent. Throws NOT_FOUND.
   */
  async refundBeforeShipping(orderId: string, reason: string): Promise<UnshippedRefundOutcome> {
    const order = await this.#findOrder(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (order.status === 'refunded') return 'already-refunded';
    if (order.status !== 'paid') return 'not-paid';
    const refunded = await this.#move(order, 'refunded', reason, async (tx) => {
      await this.#payments.refundPayment(orderId, tx);
      return this.#undoSale(tx, order);
    });
    return refunded ? 'refunded' : this.refundBeforeShipping(orderId, reason);
  }

  /** Inside a refund's transaction: the stock comes back, the payment is marked refunded, and the ledger reversed. */
  async #undoSale(tx: DbOrTx, order: OrderRow): Promise<true> {
    await this.#returnStock(tx, order.id);
    await this.#payments.markRefunded(tx, order.id);
    await this.#reverseLedger(tx, order.id, order.currency);
    return true;
  }

  /**
   * The orders' statuses, read in the caller's transaction with the rows share-locked (in id
   * order): a refund (which updates the row) waits for that transaction, or it waits for the refund.
   */
  async lockOrderStatuses(tx: DbOrTx, orderIds: readonly string[]): Promise<Map<string, OrderStatus>> {
    if (orderIds.length === 0) return new Map();
    const rows = await tx
      .select({ id: orders.id, status: orders.status })
      .from(orders)
      .where(inArray(orders.id, [...orderIds]))
      .orderBy(orders.id)
      .for('share');
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** The orders' statuses as `db` sees them (pass an open transaction to read inside it); unknown ids are left out. */
  async readOrderStatuses(db: DbOrTx, orderIds: readonly string[]): Promise<Map<string, OrderStatus>> {
    if (orderIds.length === 0) return new Map();
    const rows = await db
      .select({ id: orders.id, status: orders.status })
      .from(orders)
      .where(inArray(orders.id, [...orderIds]));
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** What settlement needs to know of an order. Throws NOT_FOUND. */
  async getSettlementFacts(orderId: string): Promise<SettlementFacts> {
    const [facts] = await this.getSettlementFactsOfOrders([orderId]);
    if (!facts) throw new AppError('NOT_FOUND', 'Order not found');
    return facts;
  }

  /** What settlement needs to know of each order (unknown ids are left out), in two queries. */
  async getSettlementFactsOfOrders(orderIds: readonly string[]): Promise<SettlementFacts[]> {
    if (orderIds.length === 0) return [];
    const ids = [...orderIds];
    const [rows, items] = await Promise.all([
      this.#db.select().from(orders).where(inArray(orders.id, ids)),
      this.#db
        .select({
          orderId: orderItems.orderId,
          quantity: orderItems.quantity,
          unitPriceCents: orderItems.unitPriceCents,
          kolCommissionBps: orderItems.kolCommissionBps,
        })
        .from(orderItems)
        .where(inArray(orderItems.orderId, ids)),
    ]);
    const itemsOf = Map.groupBy(items, (i) => i.orderId);
    return rows.map((order) => ({
      id: order.id,
      status: order.status,
      buyerId: order.buyerId,
      merchantId: order.merchantId,
      kolId: order.kolId,
      referralCode: order.referralCode,
      currency: order.currency,
      totalCents: order.totalCents,
      items: (itemsOf.get(order.id) ?? []).map(({ orderId: _, ...item }) => item),
    }));
  }

  /** The order as `actor` may act on it: 404 when they may not see it, 403 when it is not theirs to move. */
  async #orderFor(actor: Actor, orderId: string, party: 'merchant' | 'buyer'): Promise<OrderRow> {
    const order = await this.#findOrder(orderId);
    const isAdmin = actor.roles.includes('admin');
    if (!order || !(order.buyerId === actor.userId || order.merchantId === actor.userId || isAdmin)) {
      throw new AppError('NOT_FOUND', 'Order not found');
    }
    const isParty = party === 'merchant' ? order.merchantId === actor.userId : order.buyerId === actor.userId;
    if (!isParty && !isAdmin) throw new AppError('FORBIDDEN', `Only the order's ${party} or an admin may do this`);
    return order;
  }

  async #returnStock(tx: DbOrTx, orderId: string): Promise<void> {
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
    for (const item of items) await this.#catalog.returnStock(tx, item.productId, item.quantity);
  }

  /** #move() for a person's request: a lost race is a 409 like any other illegal move. */
  async #moveOrConflict(order: OrderRow, to: OrderStatus, reason: string, also?: (tx: DbOrTx) => Promise<boolean>): Promise<void> {
    if (!(await this.#move(order, to, reason, also))) {
      throw new AppError('INVALID_ORDER_TRANSITION', `The order is no longer ${order.status}`);
    }
  }

  /**
   * Moves the order from the status it was read with to `to`, with a history row and whatever
   * `also` writes, in one transaction; the buyer hears of it after the commit. False (and nothing
   * written) when another move came first or `also` says no. Throws INVALID_ORDER_TRANSITION.
   */
  async #move(order: OrderRow, to: OrderStatus, reason: string, also?: (tx: DbOrTx) => Promise<boolean>): Promise<boolean> {
    assertTransition(ORDER_TRANSITIONS, order.status, to, 'INVALID_ORDER_TRANSITION');
    const moved = await this.#db
      .transaction(async (tx) => {
        // Conditional on the status read, so two racing calls move the order once.
        const [row] = await tx
          .update(orders)
          .set({ status: to })
          .where(and(eq(orders.id, order.id), eq(orders.status, order.status)))
          .returning({ id: orders.id });
        if (!row) return false;
        await tx.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: order.status, toStatus: to, reason });
        if (also && !(await also(tx))) throw new Declined();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof Declined) return false;
        throw error;
      });
    if (moved) {
      await this.#bus.publish({ room: rooms.user(order.buyerId), event: 'order:update', payload: { orderId: order.id, status: to } });
    }
    return moved;
  }

  async #findOrder(orderId: string): Promise<OrderRow | undefined> {
    const [row] = await this.#db.select().from(orders).where(eq(orders.id, orderId));
    return row;
  }
}
