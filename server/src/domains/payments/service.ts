import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { orders, paymentEvents, payments } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import { type PaymentEvent, PaymentEventSchema, type PaymentProvider } from './provider.ts';
import { verifyWebhook } from './signature.ts';

type PaymentRow = typeof payments.$inferSelect;

export class PaymentService {
  readonly #db: Db;
  readonly #provider: PaymentProvider;
  readonly #webhookSecret: string;
  readonly #clock: Clock;
  readonly #onSucceeded: (orderId: string) => Promise<unknown>;

  constructor(deps: {
    db: Db;
    provider: PaymentProvider;
    webhookSecret: string;
    clock: Clock;
    onSucceeded: (orderId: string) => Promise<unknown>;
  }) {
    this.#db = deps.db;
    this.#provider = deps.provider;
    this.#webhookSecret = deps.webhookSecret;
    this.#clock = deps.clock;
    this.#onSucceeded = deps.onSucceeded;
  }

  /** Opens the order's payment inside the order's transaction; returns its id. */
  async createPendingPayment(tx: DbOrTx, orderId: string, amountCents: number, currency: string): Promise<string> {
    const [row] = await tx
      .insert(payments)
      .values({ orderId, provider: this.#provider.name, amountCents, currency })
      .returning({ id: payments.id });
    if (!row) throw new Error('insert returned no row');
    return row.id;
  }

  async findPaymentOfOrder(orderId: string): Promise<PaymentRow | undefined> {
    const [row] = await this.#db.select().from(payments).where(eq(payments.orderId, orderId));
    return row;
  }

  /** The ids of these orders' payments that are still to pay (pending, or failed and open to another try), by order id. */
  async findOpenPaymentIdsOfOrders(orderIds: readonly string[]): Promise<Map<string, string>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ id: payments.id, orderId: payments.orderId })
      .from(payments)
      .where(and(inArray(payments.orderId, [...orderIds]), inArray(payments.status, ['pending', 'failed'])));
    return new Map(rows.map((r) => [r.orderId, r.id]));
  }

  /**
   * The buyer pays in the sandbox: the provider calls our webhook, and the answer is the payment
   * after that call. Throws NOT_FOUND, PAYMENT_NOT_PENDING.
   */
  async sandboxPay(
    buyerId: string,
    paymentId: string,
    outcome: 'succeeded' | 'failed',
  ): Promise<{ paymentId: string; status: string; orderId: string }> {
    const [row] = await this.#db
      .select({ payment: payments, buyerId: orders.buyerId })
      .from(payments)
      .innerJoin(orders, eq(orders.id, payments.orderId))
      .where(eq(payments.id, paymentId));
    if (!row || row.buyerId !== buyerId) throw new AppError('NOT_FOUND', 'Payment not found');
    if (row.payment.status !== 'pending' && row.payment.status !== 'failed') throw new AppError('PAYMENT_NOT_PENDING');
    const { status } = await this.#provider.reportOutcome(row.payment, outcome);
    if (status >= 300) throw new Error(`webhook answered ${status}`);
    const [after] = await this.#db.select().from(payments).where(eq(payments.id, paymentId));
    return { paymentId, status: after?.status ?? row.payment.status, orderId: row.payment.orderId };
  }

  /**
   * Handles a provider's webhook call once: checks the signature (constant time, at most 5
   * minutes old) and the event id (a replay is refused). Duplicate success events under new ids
   * and events out of order move the payment at most once. Throws INVALID_SIGNATURE,
   * VALIDATION_FAILED, NOT_FOUND.
   */
  async handleWebhook(rawBody: string, signature: string | undefined): Promise<{ received: true; eventId: string }> {
    const nowSec = Math.floor(this.#clock.now().getTime() / 1000);
    if (!verifyWebhook(this.#webhookSecret, rawBody, signature, nowSec)) throw new AppError('INVALID_SIGNATURE');
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The body is not JSON');
    }
    const parsed = PaymentEventSchema.safeParse(json);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Not a payment event', parsed.error.issues);
    const event = parsed.data;

    const payment = await this.#findPayment(event.paymentId);
    if (!payment) throw new AppError('NOT_FOUND', 'Payment not found');
    if (event.type === 'payment.succeeded' && (event.amountCents !== payment.amountCents || event.currency !== payment.currency)) {
      throw new AppError('VALIDATION_FAILED', 'The event amount does not match the payment');
    }
    const nextStatus = event.type === 'payment.succeeded' ? 'succeeded' : 'failed';
    let moved: PaymentRow | undefined;
    try {
      moved = await this.#db.transaction(async (tx) => {
        await tx.insert(paymentEvents).values({ eventId: event.id, paymentId: payment.id, type: event.type });
        // A late `failed` after `succeeded` (deliveries out of order) matches nothing and changes nothing.
        const [row] = await tx
          .update(payments)
          .set({ status: nextStatus, updatedAt: this.#clock.now() })
          .where(and(eq(payments.id, payment.id), inArray(payments.status, ['pending', 'failed'])))
          .returning();
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The replay is refused, but finish what a crash may have cut short after the first delivery.
      await this.#afterEvent(event.type, await this.#findPayment(payment.id));
      throw new AppError('INVALID_SIGNATURE', 'This event was already delivered');
    }
    await this.#afterEvent(event.type, moved ?? (await this.#findPayment(payment.id)));
    return { received: true, eventId: event.id };
  }

  /**
   * Hands the provider a refund of the order's captured payment (idempotent per payment); pass the
   * caller's transaction as `db` to ask from inside it.
   */
  async refundPayment(orderId: string, db: DbOrTx = this.#db): Promise<void> {
    const [payment] = await db.select().from(payments).where(eq(payments.orderId, orderId));
    if (payment?.status !== 'succeeded' && payment?.status !== 'refunded') return;
    await this.#provider.refund(payment, `refund-${payment.id}`);
  }

  /** Inside the order's refund transaction: the captured payment becomes refunded. */
  async markRefunded(tx: DbOrTx, orderId: string): Promise<void> {
    await tx
      .update(payments)
      .set({ status: 'refunded', updatedAt: this.#clock.now() })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'succeeded')));
  }

  /**
   * Inside the lapsing order's transaction: an unpaid payment is cancelled. False when the
   * payment succeeded meanwhile (then the order must not lapse).
   */
  async cancelPendingPayment(tx: DbOrTx, orderId: string): Promise<boolean> {
    const rows = await tx
      .update(payments)
      .set({ status: 'cancelled', updatedAt: this.#clock.now() })
      .where(and(eq(payments.orderId, orderId), inArray(payments.status, ['pending', 'failed'])))
      .returning({ id: payments.id });
    return rows.length > 0;
  }

  async #afterEvent(type: PaymentEvent['type'], payment: PaymentRow | undefined): Promise<void> {
    if (type !== 'payment.succeeded' || !payment) return;
    if (payment.status === 'succeeded') await this.#onSucceeded(payment.orderId);
    if (payment.status === 'cancelled') {
      // The money arrived after the order lapsed: give it back rather than keep it without an order.
      await this.#provider.refund(payment, `refund-${payment.id}`);
      await this.#db
        .update(payments)
        .set({ status: 'refunded', updatedAt: this.#clock.now() })
        .where(and(eq(payments.id, payment.id), eq(payments.status, 'cancelled')));
    }
  }

  async #findPayment(paymentId: string): Promise<PaymentRow | undefined> {
    const [row] = await this.#db.select().from(payments).where(eq(payments.id, paymentId));
    return row;
  }
}
