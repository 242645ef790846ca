import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { idempotencyKeys, type OrderStatus, orders, type RefundRequestStatus, refundRequests } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import { assertTransition } from '../../state-machine.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { NotificationService } from '../notifications/service.ts';
import { type RefundRequestRow, returnWindowEnds, toRefundRequestView } from './refund-request-reads.ts';
import { refundRequestRefusal } from './return-window.ts';
import type { RefundRequestInput } from './schema.ts';
import type { Actor, OrderService, OrderView } from './service.ts';
import { REFUND_REQUEST_TRANSITIONS } from './transitions.ts';
import type { RefundRequestView } from './views.ts';

type OrderRow = typeof orders.$inferSelect;

export type AutoApproveOutcome = 'approved' | 'already-approved' | 'declined' | 'not-found';

/** What POST /orders/:id/refund-request answers. */
export interface CreatedRefundRequest extends RefundRequestView {
  orderId: string;
}

const CANCELLED_UNPAID = 'cancelled by the buyer';
const CANCELLED_PAID = 'cancelled by the buyer before shipping';

/** Why a cancellation is refused, in the buyer's words, by the status the order is in. */
const NOT_CANCELLABLE: Partial<Record<OrderStatus, string>> = {
  shipped: 'This order has shipped: ask for a refund instead',
  delivered: 'This order was delivered: ask for a refund instead',
  completed: 'This order is completed: ask for a refund instead',
  cancelled: 'This order is already cancelled',
  refunded: 'This order is already refunded',
};

/** Why a refund cannot be requested, in the buyer's words, by the status the order is in. */
const NOT_REQUESTABLE: Partial<Record<OrderStatus, string>> = {
  pending_payment: 'This order is not paid: cancel it instead',
  paid: 'This order has not shipped yet: cancel it instead, and the refund is immediate',
  cancelled: 'This order was cancelled: nothing was charged',
  refunded: 'This order is already refunded',
};

/**
 * After-sales for buyers: cancelling an order before it ships (refunded at once), and asking for
 * a refund once it shipped, which the merchant approves or declines by `respondBy`; unanswered,
 * a job approves it. Every refund goes through the order's own refund path (provider, stock,
 * ledger reversal). While a request is open the order's commissions do not settle (ADR 0011).
 */
export class RefundRequestService {
  readonly #db: Db;
  readonly #orders: Pick<OrderService, 'getOrderFor' | 'lapseUnpaidOrder' | 'refundBeforeShipping' | 'refundByPlatform'>;
  readonly #notifications: Pick<NotificationService, 'notifyMany'>;
  readonly #queues: Queues;
  readonly #clock: Clock;
  readonly #times: { returnWindowMs: number; refundResponseMs: number };
  readonly #holdSettledEntries: (tx: DbOrTx, orderId: string) => Promise<number>;
  readonly #afterCancel: (orderId: string) => Promise<void>;

  constructor(deps: {
    db: Db;
    orders: Pick<OrderService, 'getOrderFor' | 'lapseUnpaidOrder' | 'refundBeforeShipping' | 'refundByPlatform'>;
    notifications: Pick<NotificationService, 'notifyMany'>;
    queues: Queues;
    clock: Clock;
    /** The return window after delivery, and how long the merchant has to answer a request. */
    times: { returnWindowMs: number; refundResponseMs: number };
    /** Inside the request's transaction: the order's settled entries not paid out yet go back to pending (the ledger's). */
    holdSettledEntries: (tx: DbOrTx, orderId: string) => Promise<number>;
    /** Told when a paid order was cancelled by its buyer (a group buy's member left and freed a place). */
    afterCancel?: (orderId: string) => Promise<void>;
  }) {
    this.#db = deps.db;
    this.#orders = deps.orders;
    this.#notifications = deps.notifications;
    this.#queues = deps.queues;
    this.#clock = deps.clock;
    this.#times = deps.times;
    this.#holdSettledEntries = deps.holdSettledEntries;
    this.#afterCancel = deps.afterCancel ?? (async () => {});
  }

  /**
   * The buyer cancels their order: an unpaid one is cancelled (its stock or units go back), a paid
   * one not shipped yet is refunded at once through the refund path. The same Idempotency-Key
   * returns the first answer. Throws NOT_FOUND, FORBIDDEN, ORDER_NOT_CANCELLABLE.
   */
  async cancelOrder(actor: Actor, orderId: string, idempotencyKey?: string): Promise<OrderView> {
    const keyId = idempotencyKey ? `${actor.userId}|cancel|${orderId}|${idempotencyKey}` : undefined;
    if (keyId) {
      const [earlier] = await this.#db.select().from(idempotencyKeys).where(eq(idempotencyKeys.id, keyId));
      if (earlier) return earlier.body as OrderView;
    }
    const order = await this.#orderFor(actor, orderId, 'buyer');
    await this.#cancel(order);
    const view = await this.#orders.getOrderFor(actor, orderId);
    if (keyId) await this.#db.insert(idempotencyKeys).values({ id: keyId, status: 200, body: view }).onConflictDoNothing();
    return view;
  }

  async #cancel(order: OrderRow): Promise<void> {
    // The payment may land while the order is being cancelled: then it is paid, and refunded below.
    if (order.status === 'pending_payment' && (await this.#orders.lapseUnpaidOrder(order.id, CANCELLED_UNPAID)) === 'cancelled') return;
    if ((await this.#orders.refundBeforeShipping(order.id, CANCELLED_PAID)) === 'refunded') {
      await this.#afterCancel(order.id);
      await this.#notifications.notifyMany(
        [order.merchantId],
        'order_cancelled',
        { orderId: order.id, reason: CANCELLED_PAID },
        () => `order-cancelled-${order.id}`,
      );
      return;
    }
    const now = (await this.#findOrder(order.id))?.status ?? order.status;
    throw new AppError('ORDER_NOT_CANCELLABLE', NOT_CANCELLABLE[now]);
  }

  /**
   * The buyer asks for their money back on an order that shipped (a delivered or completed one
   * within its return window). The merchant is told and has until `respondBy` to answer; the
   * order's commissions stay unsettled meanwhile. Throws NOT_FOUND, FORBIDDEN,
   * REFUND_NOT_REQUESTABLE, RETURN_WINDOW_CLOSED, REFUND_ALREADY_REQUESTED.
   */
  async requestRefund(actor: Actor, orderId: string, input: RefundRequestInput): Promise<CreatedRefundRequest> {
    const order = await this.#orderFor(actor, orderId, 'buyer');
    const now = this.#clock.now();
    // Checked first without a lock, so a refused request queues nothing; checked again under it.
    const refusal = await this.#refusal(this.#db, order, now);
    if (refusal) throw refusal;
    const id = randomUUID();
    const respondBy = new Date(now.getTime() + this.#times.refundResponseMs);
    // Queued before the request is written: a crash in between leaves a job that finds nothing,
    // never a request that nobody approves.
    await this.#queues.add('refund-request-auto-approve', autoApproveJobId(id), { requestId: id }, respondBy);
    let row: RefundRequestRow;
    try {
      row = await this.#db.transaction(async (tx) => {
        // The row lock orders this against settling the order's commissions (which share-locks it):
        // a settlement either came before (and its entries are held below) or sees this request.
        const [locked] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
        if (!locked) throw new AppError('NOT_FOUND', 'Order not found');
        const lockedRefusal = await this.#refusal(tx, locked, now);
        if (lockedRefusal) throw lockedRefusal;
        const [inserted] = await tx
          .insert(refundRequests)
          .values({ id, orderId, reason: input.reason, details: input.details || null, createdAt: now, respondBy })
          .returning();
        if (!inserted) throw new Error('insert returned no row');
        await this.#holdSettledEntries(tx, orderId);
        return inserted;
      });
    } catch (error) {
      await this.#queues.remove('refund-request-auto-approve', autoApproveJobId(id));
      if (isUniqueViolation(error)) throw new AppError('REFUND_ALREADY_REQUESTED');
      throw error;
    }
    await this.#notifications.notifyMany(
      [order.merchantId],
      'refund_requested',
      { orderId, requestId: row.id, reason: row.reason, details: row.details, respondBy: row.respondBy.toISOString() },
      () => `refund-requested-${row.id}`,
    );
    return { orderId, ...toRefundRequestView(row) };
  }

  /** Why the buyer may not ask for a refund on the order now (read through `db`), or undefined. */
  async #refusal(db: DbOrTx, order: OrderRow, now: Date): Promise<AppError | undefined> {
    const windowEndsAt = (await returnWindowEnds(db, [order.id], this.#times.returnWindowMs)).get(order.id);
    const refusal = refundRequestRefusal(order.status, windowEndsAt, now);
    if (refusal) return new AppError(refusal, refusal === 'REFUND_NOT_REQUESTABLE' ? NOT_REQUESTABLE[order.status] : undefined);
    const [open] = await db
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(and(eq(refundRequests.orderId, order.id), eq(refundRequests.status, 'requested')));
    return open ? new AppError('REFUND_ALREADY_REQUESTED') : undefined;
  }

  /**
   * The order's merchant (or an admin) approves the open request: the order is refunded and what
   * it earned reversed. Throws NOT_FOUND, FORBIDDEN, REFUND_REQUEST_NOT_FOUND, REFUND_REQUEST_ANSWERED.
   */
  async approve(actor: Actor, orderId: string): Promise<OrderView> {
    await this.#orderFor(actor, orderId, 'merchant');
    const request = await this.#openRequestOf(orderId);
    if (!(await this.#answer(request, 'approved', { answeredBy: actor.userId }))) throw await this.#answeredError(orderId);
    await this.#refundApproved(request, false);
    return this.#orders.getOrderFor(actor, orderId);
  }

  /**
   * The order's merchant (or an admin) declines the open request with a reason the buyer reads;
   * the order settles as usual from here. Throws NOT_FOUND, FORBIDDEN, REFUND_REQUEST_NOT_FOUND,
   * REFUND_REQUEST_ANSWERED.
   */
  async decline(actor: Actor, orderId: string, reason: string): Promise<OrderView> {
    const order = await this.#orderFor(actor, orderId, 'merchant');
    const request = await this.#openRequestOf(orderId);
    if (!(await this.#answer(request, 'declined', { answeredBy: actor.userId, declineReason: reason }))) {
      throw await this.#answeredError(orderId);
    }
    // Read after the answer: an order that completes later settles through its own job, which no
    // longer sees a hold; one completed already settles through this job.
    if ((await this.#findOrder(orderId))?.status === 'completed') {
      await this.#queues.add('commission-settlement', `commission-settlement-${orderId}-after-${request.id}`, { orderId });
    }
    await this.#notifications.notifyMany(
      [order.buyerId],
      'refund_declined',
      { orderId, requestId: request.id, reason },
      () => `refund-answered-${request.id}`,
    );
    return this.#orders.getOrderFor(actor, orderId);
  }

  /**
   * The response time passed (a job): a request still open is approved and the order refunded; an
   * approval whose refund was cut short (a crash) is finished. Exactly one answer wins against a
   * merchant answering at the same moment. Idempotent.
   */
  async approveUnanswered(requestId: string): Promise<AutoApproveOutcome> {
    const [request] = await this.#db.select().from(refundRequests).where(eq(refundRequests.id, requestId));
    if (!request) return 'not-found';
    if (request.status === 'declined') return 'declined';
    if (request.status === 'approved') {
      await this.#refundApproved(request, true);
      return 'already-approved';
    }
    if (!(await this.#answer(request, 'approved', { answeredBy: null }))) return this.approveUnanswered(requestId);
    await this.#refundApproved(request, true);
    return 'approved';
  }

  /** The merchant or an admin refunded the order outright: its open request is answered by that (approved). */
  async onOrderRefunded(orderId: string): Promise<void> {
    const [open] = await this.#db
      .select()
      .from(refundRequests)
      .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.status, 'requested')));
    if (open && (await this.#answer(open, 'approved', { answeredBy: null }))) await this.#refundApproved(open, false);
  }

  /** Runs the order's refund for an approved request (idempotent) and tells the buyer once. */
  async #refundApproved(request: RefundRequestRow, isAutomatic: boolean): Promise<void> {
    const order = await this.#findOrder(request.orderId);
    if (!order) return;
    const how = isAutomatic ? 'approved automatically, the merchant did not answer in time' : 'approved';
    await this.#orders.refundByPlatform(order.id, `refunded: refund request ${how} (${request.reason})`);
    await this.#notifications.notifyMany(
      [order.buyerId],
      'refund_approved',
      {
        orderId: order.id,
        requestId: request.id,
        reason: request.reason,
        isAutomatic,
        totalCents: order.totalCents,
        currency: order.currency,
      },
      () => `refund-answered-${request.id}`,
    );
  }

  /** Moves the request from the status it was read with; false when another answer came first. */
  async #answer(
    request: RefundRequestRow,
    to: RefundRequestStatus,
    answer: { answeredBy: string | null; declineReason?: string },
  ): Promise<boolean> {
    assertTransition(REFUND_REQUEST_TRANSITIONS, request.status, to, 'INVALID_REFUND_REQUEST_TRANSITION');
    const rows = await this.#db
      .update(refundRequests)
      .set({ status: to, answeredAt: this.#clock.now(), answeredBy: answer.answeredBy, declineReason: answer.declineReason ?? null })
      .where(and(eq(refundRequests.id, request.id), eq(refundRequests.status, request.status)))
      .returning({ id: refundRequests.id });
    return rows.length > 0;
  }

  /** The order's open request. Throws REFUND_REQUEST_NOT_FOUND, or REFUND_REQUEST_ANSWERED when the latest was answered. */
  async #openRequestOf(orderId: string): Promise<RefundRequestRow> {
    const [latest] = await this.#db
      .select()
      .from(refundRequests)
      .where(eq(refundRequests.orderId, orderId))
      .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
      .limit(1);
    if (!latest) throw new AppError('REFUND_REQUEST_NOT_FOUND');
    if (latest.status !== 'requested') throw answeredError(latest.status);
    return latest;
  }

  async #answeredError(orderId: string): Promise<AppError> {
    const [latest] = await this.#db
      .select({ status: refundRequests.status })
      .from(refundRequests)
      .where(eq(refundRequests.orderId, orderId))
      .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
      .limit(1);
    return answeredError(latest?.status ?? 'approved');
  }

  /**
   * The order as `actor` may act on it: 404 when they may not see it, 403 when it is not theirs to
   * act on. The buyer's actions are the buyer's alone; the merchant's may also be taken by an admin.
   */
  async #orderFor(actor: Actor, orderId: string, party: 'merchant' | 'buyer'): Promise<OrderRow> {
    const order = await this.#findOrder(orderId);
    const isAdmin = actor.roles.includes('admin');
    if (!order || !(order.buyerId === actor.userId || order.merchantId === actor.userId || isAdmin)) {
      throw new AppError('NOT_FOUND', 'Order not found');
    }
    const isParty = party === 'buyer' ? order.buyerId === actor.userId : order.merchantId === actor.userId || isAdmin;
    if (!isParty)
      throw new AppError(
        'FORBIDDEN',
        party === 'buyer' ? "Only the order's buyer may do this" : "Only the order's merchant or an admin may do this",
      );
    return order;
  }

  async #findOrder(orderId: string): Promise<OrderRow | undefined> {
    const [row] = await this.#db.select().from(orders).where(eq(orders.id, orderId));
    return row;
  }
}

/** The auto-approve job of a request: one per request, so queuing it twice runs it once. */
export function autoApproveJobId(requestId: string): string {
  return `refund-request-auto-approve-${requestId}`;
}

function answeredError(status: RefundRequestStatus): AppError {
  return new AppError('REFUND_REQUEST_ANSWERED', `This refund request was already ${status}`);
}
