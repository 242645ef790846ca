import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type FlashSaleStatus, flashSaleHolds, flashSales } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import type { FlashSaleView, Reservation } from '../../realtime/contract.ts';
import { assertTransition } from '../../state-machine.ts';
import { type CatalogService, type DbOrTx, MODERATED_STATUSES } from '../catalog/service.ts';
import type { FlashSaleRedis } from './commands.ts';
import type { StockBroadcaster } from './events.ts';
import type { HoldRecord } from './hold-data.ts';
import { newHoldId, saleIdOfHold } from './hold-id.ts';
import { HoldJournal } from './journal.ts';
import { type LiveState, type NewHold, type SaleFacts, SaleMissingError, SaleStore, type SellOutcome } from './sale-store.ts';
import type { CreateFlashSaleInput, UpdateFlashSaleInput } from './schema.ts';
import { assertStreamKol, initialApproval, STREAM_DECISIONS, type StreamConsentPort, type StreamDecision } from './stream-approval.ts';
import { SALE_TRANSITIONS } from './transitions.ts';

export type FlashSaleRow = typeof flashSales.$inferSelect;

export type { FlashSaleView, Reservation } from '../../realtime/contract.ts';
export type { SellOutcome } from './sale-store.ts';

/** What became of an ordered hold the orders domain gave up. */
export type ReleaseOutcome = 'released' | 'already-released' | 'sold' | 'unknown';

/** A delayed job may fire a little before its time; within this, the sale opens or closes anyway. */
const DUE_TOLERANCE_MS = 1000;
/** How long a finished sale's keys stay in Redis (a later read rebuilds them from PostgreSQL). */
const FINISHED_KEYS_TTL_SEC = 24 * 3600;
/** How long an id that matches no sale is answered NOT_FOUND without asking PostgreSQL again. */
const UNKNOWN_SALE_TTL_MS = 5000;
/** Holds lapsed per Lua call when a live sale is cancelled (the call repeats until none are left). */
const LAPSE_BATCH = 1000;

/** A sale that can sell nothing more: its free units go back to the product as holds lapse or are given up. */
const isOver = (status: FlashSaleStatus | undefined) => status === 'ended' || status === 'cancelled';

export const saleOpenJobId = (saleId: string, startsAt: Date) => `sale-open-${saleId}-${startsAt.getTime()}`;
export const saleCloseJobId = (saleId: string, endsAt: Date) => `sale-close-${saleId}-${endsAt.getTime()}`;

function toFacts(sale: FlashSaleRow): SaleFacts {
  return {
    id: sale.id,
    status: sale.status,
    quantity: sale.quantity,
    perUserLimit: sale.perUserLimit,
    endsAt: sale.endsAt,
    // Redis knows a sale's stream only once the stream's KOL agreed: the room hears only of those.
    streamId: sale.streamApproval === 'accepted' ? sale.streamId : null,
    merchantId: sale.merchantId,
  };
}

function toHoldRecord(row: typeof flashSaleHolds.$inferSelect): HoldRecord {
  return {
    id: row.id,
    userId: row.userId,
    quantity: row.quantity,
    status: row.status,
    expiresAtMs: row.expiresAt.getTime(),
    key: row.idempotencyKey ?? '',
  };
}

/**
 * Flash sales: merchants schedule them on their own stock, BullMQ opens and closes them, buyers
 * hold units through one Lua call, and every hold reaches PostgreSQL through the sale's journal.
 * When Redis loses a sale, the first call that misses it rebuilds it from PostgreSQL.
 */
export class FlashSaleService {
  readonly #db: Db;
  readonly #store: SaleStore;
  readonly #journal: HoldJournal;
  readonly #queues: Queues;
  readonly #catalog: CatalogService;
  readonly #clock: Clock;
  readonly #holdTtlMs: number;
  readonly #streams: StreamConsentPort;
  readonly #isSuspended: (merchantId: string) => Promise<boolean>;
  readonly #rebuilding = new Map<string, Promise<boolean>>();
  readonly #unknownUntil = new Map<string, number>();
  broadcaster: StockBroadcaster | undefined;

  constructor(deps: {
    db: Db;
    redis: FlashSaleRedis;
    queues: Queues;
    catalog: CatalogService;
    clock: Clock;
    holdTtlMs: number;
    /** Reserve attempts one user may make on one sale per second (checked inside the reserve script). */
    reservesPerUserPerSec?: number;
    /** The streams a sale may be aimed at: their KOLs, showcases, and what they offered while live. */
    streams: StreamConsentPort;
    /** Whether an admin suspended the merchant (no scheduling or editing sales meanwhile). */
    isSuspended?: (merchantId: string) => Promise<boolean>;
  }) {
    this.#db = deps.db;
    this.#store = new SaleStore(deps.redis, deps.reservesPerUserPerSec);
    this.#journal = new HoldJournal({ db: deps.db, store: this.#store, clock: deps.clock });
    this.#queues = deps.queues;
    this.#catalog = deps.catalog;
    this.#clock = deps.clock;
    this.#holdTtlMs = deps.holdTtlMs;
    this.#streams = deps.streams;
    this.#isSuspended = deps.isSuspended ?? (async () => false);
  }

  get store(): SaleStore {
    return this.#store;
  }

  // ── Scheduling (merchant) ────────────────────────────────────────────────────────────────

  /**
   * Schedules a sale on the merchant's own product; its quantity leaves the product's stock in
   * the same transaction, and BullMQ opens and closes it on time.
   * Throws NOT_FOUND, FORBIDDEN, MERCHANT_SUSPENDED, PRODUCT_NOT_AVAILABLE, VALIDATION_FAILED, INSUFFICIENT_STOCK.
   */
  async schedule(merchantId: string, input: CreateFlashSaleInput): Promise<FlashSaleView> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    this.#checkWindow(startsAt, endsAt);
    const product = await this.#catalog.getProduct(input.productId);
    if (product.merchantId !== merchantId) throw new AppError('FORBIDDEN', "Only the product's merchant may schedule its sales");
    if (await this.#isSuspended(merchantId)) throw new AppError('MERCHANT_SUSPENDED');
    if (MODERATED_STATUSES.includes(product.status)) throw new AppError('PRODUCT_NOT_AVAILABLE');
    // Aimed at a stream, it shows there once the stream's KOL agreed (a showcased product counts as agreed).
    const streamApproval = input.streamId
      ? await initialApproval(this.#streams, { streamId: input.streamId, merchantId, productId: product.id })
      : 'accepted';

    const sale = await this.#db.transaction(async (tx) => {
      await this.#takeStock(tx, product.id, input.quantity);
      const [row] = await tx
        .insert(flashSales)
        .values({
          productId: product.id,
          merchantId,
          streamId: input.streamId ?? null,
          streamApproval,
          priceCents: input.priceCents,
          currency: product.currency,
          quantity: input.quantity,
          perUserLimit: input.perUserLimit,
          startsAt,
          endsAt,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    });
    await this.#store.writeUnopened(toFacts(sale));
    await this.#queueOpenAndClose(sale);
    // The stream's viewers see the countdown appear without reloading.
    await this.broadcaster?.sendNow(sale.id);
    return this.#toView(sale, await this.#store.readState(sale.id));
  }

  /**
   * Changes a sale that has not opened yet; a new quantity takes or gives back product stock in
   * the same transaction. Throws NOT_FOUND, FORBIDDEN, MERCHANT_SUSPENDED, SALE_NOT_EDITABLE, VALIDATION_FAILED, INSUFFICIENT_STOCK.
   */
  async updateSale(merchantId: string, saleId: string, patch: UpdateFlashSaleInput): Promise<FlashSaleView> {
    if (await this.#isSuspended(merchantId)) throw new AppError('MERCHANT_SUSPENDED');
    const current = await this.#findSale(saleId);
    // A sale moved to another stream asks that stream's KOL again.
    const streamApproval =
      patch.streamId && current && patch.streamId !== current.streamId
        ? await initialApproval(this.#streams, { streamId: patch.streamId, merchantId, productId: current.productId })
        : undefined;
    const { before, after } = await this.#db.transaction(async (tx) => {
      const sale = await this.#lockUnopenedSale(tx, merchantId, saleId);
      const startsAt = patch.startsAt ? new Date(patch.startsAt) : sale.startsAt;
      const endsAt = patch.endsAt ? new Date(patch.endsAt) : sale.endsAt;
      this.#checkWindow(startsAt, endsAt);
      const quantity = patch.quantity ?? sale.quantity;
      if (quantity > sale.quantity) await this.#takeStock(tx, sale.productId, quantity - sale.quantity);
      if (quantity < sale.quantity) await this.#catalog.returnStock(tx, sale.productId, sale.quantity - quantity);
      const [row] = await tx
        .update(flashSales)
        .set({
          quantity,
          startsAt,
          endsAt,
          priceCents: patch.priceCents ?? sale.priceCents,
          perUserLimit: patch.perUserLimit ?? sale.perUserLimit,
          streamId: patch.streamId === undefined ? sale.streamId : patch.streamId,
          ...(streamApproval ? { streamApproval } : {}),
          updatedAt: this.#clock.now(),
        })
        .where(eq(flashSales.id, saleId))
        .returning();
      if (!row) throw new Error('update returned no row');
      return { before: sale, after: row };
    });
    await this.#store.writeUnopened(toFacts(after));
    await this.#queueOpenAndClose(after);
    // A job for the old time may still fire; openSale() and closeSale() check the time, so removing it is only tidiness.
    if (before.startsAt.getTime() !== after.startsAt.getTime())
      await this.#queues.remove('sale-open', saleOpenJobId(saleId, before.startsAt));
    if (before.endsAt.getTime() !== after.endsAt.getTime()) await this.#queues.remove('sale-close', saleCloseJobId(saleId, before.endsAt));
    await this.broadcaster?.sendNow(saleId);
    return this.#toView(after, await this.#store.readState(saleId));
  }

  /** Cancels a sale that has not opened yet; its units go back to the product. Throws NOT_FOUND, FORBIDDEN, SALE_NOT_EDITABLE. */
  async cancelSale(merchantId: string, saleId: string): Promise<FlashSaleView> {
    const sale = await this.#db.transaction(async (tx) => {
      const locked = await this.#lockUnopenedSale(tx, merchantId, saleId, { evenIfDue: true });
      assertTransition(SALE_TRANSITIONS, locked.status, 'cancelled', 'SALE_NOT_EDITABLE');
      await this.#catalog.returnStock(tx, locked.productId, locked.quantity - locked.returnedToStock);
      const [row] = await tx
        .update(flashSales)
        .set({ status: 'cancelled', returnedToStock: locked.quantity, updatedAt: this.#clock.now() })
        .where(eq(flashSales.id, saleId))
        .returning();
      if (!row) throw new Error('update returned no row');
      return row;
    });
    await this.#afterCancel(sale, 'scheduled');
    return this.#toView(sale, await this.#store.readState(saleId));
  }

  /**
   * Cancels every scheduled or live sale of these products, or of this merchant (an admin took the
   * products down or suspended the merchant). A scheduled sale goes as its merchant's cancel goes. A
   * live one stops at once: holds nobody ordered yet lapse, its free units go back to the product now,
   * and the units of orders still unpaid follow when those orders lapse. Returns the cancelled sales' ids.
   */
  async cancelSalesOf(of: { productIds: readonly string[] } | { merchantId: string }): Promise<string[]> {
    if ('productIds' in of && of.productIds.length === 0) return [];
    const rows = await this.#db
      .select({ id: flashSales.id })
      .from(flashSales)
      .where(
        and(
          inArray(flashSales.status, ['scheduled', 'live']),
          'productIds' in of ? inArray(flashSales.productId, [...of.productIds]) : eq(flashSales.merchantId, of.merchantId),
        ),
      );
    const cancelled: string[] = [];
    for (const { id } of rows) {
      if (await this.#stopSale(id)) cancelled.push(id);
    }
    return cancelled;
  }

  /** Cancels one scheduled or live sale; false when it had already ended or been cancelled. */
  async #stopSale(saleId: string): Promise<boolean> {
    const stopped = await this.#db.transaction(async (tx) => {
      const [locked] = await tx.select().from(flashSales).where(eq(flashSales.id, saleId)).for('update');
      if (!locked || (locked.status !== 'scheduled' && locked.status !== 'live')) return undefined;
      assertTransition(SALE_TRANSITIONS, locked.status, 'cancelled', 'SALE_NOT_EDITABLE');
      // A scheduled sale sold nothing: all its units go back now. A live one's go back as settled below.
      const returned = locked.status === 'scheduled' ? locked.quantity : locked.returnedToStock;
      if (returned > locked.returnedToStock) await this.#catalog.returnStock(tx, locked.productId, returned - locked.returnedToStock);
      const [row] = await tx
        .update(flashSales)
        .set({ status: 'cancelled', returnedToStock: returned, updatedAt: this.#clock.now() })
        .where(eq(flashSales.id, saleId))
        .returning();
      if (!row) throw new Error('update returned no row');
      return { sale: row, from: locked.status };
    });
    if (!stopped) return false;
    await this.#afterCancel(stopped.sale, stopped.from);
    return true;
  }

  /** Brings Redis, the sale's jobs and its viewers in line with a cancel that PostgreSQL committed. */
  async #afterCancel(sale: FlashSaleRow, from: 'scheduled' | 'live'): Promise<void> {
    const saleId = sale.id;
    const status = await this.#store.setStatus(saleId, from, 'cancelled');
    if (status === '') await this.#rebuild(saleId);
    // Redis may not have caught up with an opening that PostgreSQL committed before the cancel.
    else if (status !== 'cancelled') await this.#store.setStatus(saleId, status as FlashSaleStatus, 'cancelled');
    await this.#queues.remove('sale-open', saleOpenJobId(saleId, sale.startsAt));
    await this.#queues.remove('sale-close', saleCloseJobId(saleId, sale.endsAt));
    if (from === 'scheduled') {
      await this.#store.expireKeys(saleId, FINISHED_KEYS_TTL_SEC);
    } else {
      // Redis says cancelled, so no new hold can start; the ones not ordered yet lapse now.
      do await this.#store.expire(saleId, Number.MAX_SAFE_INTEGER, LAPSE_BATCH);
      while ((await this.#store.countLapsing(saleId)) > 0);
      await this.#store.track(saleId);
      await this.settleEndedSale(saleId);
    }
    await this.broadcaster?.sendNow(saleId);
  }

  // ── Opening and closing (BullMQ jobs, reconcile) ─────────────────────────────────────────

  /** Opens a scheduled sale once its time has come (idempotent: a second call or an early job changes nothing). */
  async openSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const dueBy = new Date(this.#clock.now().getTime() + DUE_TOLERANCE_MS);
    const [opened] = await this.#db
      .update(flashSales)
      .set({ status: 'live', updatedAt: this.#clock.now() })
      .where(
        and(
          eq(flashSales.id, saleId),
          eq(flashSales.status, 'scheduled'),
          sql`${flashSales.startsAt} <= ${dueBy.toISOString()}::timestamptz`,
        ),
      )
      .returning();
    const sale = opened ?? (await this.#findSale(saleId));
    if (sale?.status !== 'live') return sale;
    await this.#ensureInRedis(saleId);
    // Redis may still say `scheduled` (an edit raced the opening, or a crash came between the two writes).
    await this.#store.writeUnopened(toFacts(sale), 'live');
    await this.#store.track(saleId);
    await this.broadcaster?.sendNow(saleId);
    if (sale.streamId && sale.streamApproval === 'accepted') await this.#streams.recordIfLive(sale.streamId, [sale.productId]);
    return sale;
  }

  /** Closes a sale at its end time (idempotent) and gives its unsold units back to the product. */
  async closeSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const dueBy = new Date(this.#clock.now().getTime() + DUE_TOLERANCE_MS);
    const [closed] = await this.#db
      .update(flashSales)
      .set({ status: 'ended', updatedAt: this.#clock.now() })
      .where(
        and(
          eq(flashSales.id, saleId),
          inArray(flashSales.status, ['scheduled', 'live']),
          sql`${flashSales.endsAt} <= ${dueBy.toISOString()}::timestamptz`,
        ),
      )
      .returning();
    const sale = closed ?? (await this.#findSale(saleId));
    if (sale?.status !== 'ended') return sale;
    await this.#ensureInRedis(saleId);
    await this.#store.setStatus(saleId, 'live', 'ended');
    await this.#store.setStatus(saleId, 'scheduled', 'ended');
    await this.#store.track(saleId);
    await this.broadcaster?.sendNow(saleId);
    await this.settleEndedSale(saleId);
    return sale;
  }

  /**
   * Gives an ended (or cancelled) sale's free units back to the product's stock: at close, and
   * again whenever a hold lapses or is released afterwards. Once no hold can move any more, the
   * sale is no longer swept and its Redis keys expire.
   */
  async settleEndedSale(saleId: string): Promise<{ isSettled: boolean }> {
    const now = this.#clock.now();
    const openHolds = await this.#db.transaction(async (tx) => {
      await this.#journal.drain(saleId, tx);
      const [sale] = await tx.select().from(flashSales).where(eq(flashSales.id, saleId));
      if (!sale || !isOver(sale.status)) return undefined;
      const isTaking = sql`(${flashSaleHolds.status} in ('ordered', 'sold') or (${flashSaleHolds.status} = 'held' and ${flashSaleHolds.expiresAt} > ${now.toISOString()}::timestamptz))`;
      const isOpen = sql`(${flashSaleHolds.status} = 'ordered' or (${flashSaleHolds.status} = 'held' and ${flashSaleHolds.expiresAt} > ${now.toISOString()}::timestamptz))`;
      const [counts] = await tx
        .select({
          taken: sql<number>`coalesce(sum(${flashSaleHolds.quantity}) filter (where ${isTaking}), 0)::int`,
          open: sql<number>`(count(*) filter (where ${isOpen}))::int`,
        })
        .from(flashSaleHolds)
        .where(eq(flashSaleHolds.saleId, saleId));
      const free = sale.quantity - Number(counts?.taken ?? 0);
      // Free units only grow once a sale is over (nothing new can be held), so the difference is what is owed.
      if (free > sale.returnedToStock) {
        await this.#catalog.returnStock(tx, sale.productId, free - sale.returnedToStock);
        await tx.update(flashSales).set({ returnedToStock: free, updatedAt: now }).where(eq(flashSales.id, saleId));
      }
      return Number(counts?.open ?? 0);
    });
    if (openHolds === undefined) return { isSettled: false };
    const isSettled = openHolds === 0 && (await this.#store.countLapsing(saleId)) === 0;
    if (isSettled) {
      await this.#store.untrack(saleId);
      await this.#store.expireKeys(saleId, FINISHED_KEYS_TTL_SEC);
    }
    return { isSettled };
  }

  /**
   * Brings every unfinished sale in line with the clock and with PostgreSQL: opens and closes
   * what is due (the engine may have been down at the time), queues the jobs of the rest again
   * (Redis may have lost them) and rebuilds what Redis lost.
   */
  async reconcile(): Promise<{ opened: number; closed: number; rebuilt: number }> {
    const nowMs = this.#clock.now().getTime();
    const rows = await this.#db
      .select()
      .from(flashSales)
      .where(
        sql`${flashSales.status} in ('scheduled', 'live') or (${flashSales.status} in ('ended', 'cancelled') and (${flashSales.returnedToStock} + ${flashSales.soldCount} < ${flashSales.quantity} or exists (select 1 from ${flashSaleHolds} where ${flashSaleHolds.saleId} = ${flashSales.id} and ${flashSaleHolds.status} in ('held', 'ordered'))))`,
      );
    const result = { opened: 0, closed: 0, rebuilt: 0 };
    for (const sale of rows) {
      if (await this.#ensureInRedis(sale.id)) result.rebuilt++;
      if (sale.status === 'cancelled') {
        // Cancelled while live (moderation), with units still to come back.
        await this.#store.setStatus(sale.id, 'live', 'cancelled');
        await this.#store.track(sale.id);
        await this.settleEndedSale(sale.id);
        continue;
      }
      if (sale.status === 'scheduled' && sale.startsAt.getTime() <= nowMs) {
        if ((await this.openSale(sale.id))?.status === 'live') result.opened++;
      }
      if (sale.status !== 'ended' && sale.endsAt.getTime() <= nowMs) {
        if ((await this.closeSale(sale.id))?.status === 'ended') result.closed++;
        continue;
      }
      if (sale.status === 'ended') {
        await this.#store.setStatus(sale.id, 'live', 'ended');
        await this.#store.track(sale.id);
        await this.settleEndedSale(sale.id);
        continue;
      }
      if (sale.status === 'live') {
        await this.#store.writeUnopened(toFacts(sale), 'live');
        await this.#store.track(sale.id);
      }
      await this.#queueOpenAndClose(sale);
    }
    return result;
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  /** Throws NOT_FOUND. */
  async getSale(saleId: string): Promise<FlashSaleView> {
    const sale = await this.#findSale(saleId);
    if (!sale) throw new AppError('NOT_FOUND', 'Flash sale not found');
    return this.#toView(sale, await this.#store.readState(saleId));
  }

  /** The merchant's sales, newest first, with live stock. */
  async listSalesOfMerchant(merchantId: string, limit = 100): Promise<FlashSaleView[]> {
    const rows = await this.#db
      .select()
      .from(flashSales)
      .where(eq(flashSales.merchantId, merchantId))
      .orderBy(desc(flashSales.startsAt))
      .limit(limit);
    return Promise.all(rows.map(async (sale) => this.#toView(sale, await this.#store.readState(sale.id))));
  }

  /** The stream's live sale, or else its next scheduled one. */
  async getActiveSaleForStream(streamId: string): Promise<FlashSaleView | null> {
    const [sale] = await this.#db
      .select()
      .from(flashSales)
      .where(
        and(
          eq(flashSales.streamId, streamId),
          eq(flashSales.streamApproval, 'accepted'),
          inArray(flashSales.status, ['live', 'scheduled']),
        ),
      )
      .orderBy(desc(eq(flashSales.status, 'live')), asc(flashSales.startsAt))
      .limit(1);
    return sale ? this.#toView(sale, await this.#store.readState(sale.id)) : null;
  }

  /** The sales aimed at the stream that are not open yet, proposals and accepted ones, soonest first. */
  async listUnopenedForStream(streamId: string): Promise<FlashSaleView[]> {
    const rows = await this.#db
      .select()
      .from(flashSales)
      .where(
        and(
          eq(flashSales.streamId, streamId),
          eq(flashSales.status, 'scheduled'),
          inArray(flashSales.streamApproval, ['proposed', 'accepted']),
        ),
      )
      .orderBy(asc(flashSales.startsAt))
      .limit(100);
    return Promise.all(rows.map(async (sale) => this.#toView(sale, await this.#store.readState(sale.id))));
  }

  /**
   * The stream's KOL accepts or declines a sale proposed for their stream, or takes an accepted one
   * out of it; only before the sale opens (the same statement checks it, so a racing opening either
   * sees the decision or makes it fail). Throws NOT_FOUND, FORBIDDEN, INVALID_STREAM_APPROVAL.
   */
  async decideStreamApproval(kolId: string, saleId: string, decision: StreamDecision): Promise<FlashSaleView> {
    const sale = await this.#findSale(saleId);
    if (!sale) throw new AppError('NOT_FOUND', 'Flash sale not found');
    await assertStreamKol(this.#streams, kolId, sale.streamId);
    const { from, to } = STREAM_DECISIONS[decision];
    const [row] = await this.#db
      .update(flashSales)
      .set({ streamApproval: to, updatedAt: this.#clock.now() })
      .where(
        and(
          eq(flashSales.id, saleId),
          eq(flashSales.streamId, sale.streamId ?? ''),
          eq(flashSales.status, 'scheduled'),
          inArray(flashSales.streamApproval, [...from]),
          sql`${flashSales.startsAt} > ${this.#clock.now().toISOString()}::timestamptz`,
        ),
      )
      .returning();
    if (!row) throw new AppError('INVALID_STREAM_APPROVAL');
    // The stream's countdown appears (or goes) with the sale's Redis facts; an opening that came first wrote them already.
    await this.#store.writeUnopened(toFacts(row));
    await this.broadcaster?.sendNow(saleId);
    return this.#toView(row, await this.#store.readState(saleId));
  }

  /** Live state for flashsale:update broadcasts. */
  async readLiveState(saleId: string): Promise<LiveState | undefined> {
    return this.#store.readState(saleId);
  }

  // ── Holds (buyers, orders) ───────────────────────────────────────────────────────────────

  /**
   * Holds units for a buyer: one Lua call, no database round trip (unless Redis lost the sale).
   * The same Idempotency-Key answers with the same hold. Throws NOT_FOUND, SALE_NOT_ACTIVE,
   * SOLD_OUT, PURCHASE_LIMIT_REACHED.
   */
  async reserve(userId: string, saleId: string, quantity: number, idempotencyKey = ''): Promise<Reservation> {
    const nowMs = this.#clock.now().getTime();
    const holdId = newHoldId(saleId);
    const hold: NewHold = await this.#withSale(saleId, () =>
      this.#store.reserve(saleId, { userId, quantity, holdId, expiresAtMs: nowMs + this.#holdTtlMs, nowMs, key: idempotencyKey }),
    );
    if (hold.isNew) this.broadcaster?.stockChanged(saleId);
    return {
      reservationId: hold.holdId,
      saleId,
      quantity: hold.quantity,
      expiresAt: new Date(hold.expiresAtMs).toISOString(),
      remaining: hold.remaining,
    };
  }

  /**
   * Takes the buyer's live hold for an order: it stops lapsing, and `record(tx)` writes it to
   * PostgreSQL inside the order's transaction; `undo()` gives it back if the order fails.
   * Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED.
   */
  async consumeHold(
    userId: string,
    holdId: string,
  ): Promise<{ sale: FlashSaleRow; quantity: number; record: (tx: DbOrTx) => Promise<void>; undo: () => Promise<void> }> {
    const saleId = saleIdOfHold(holdId);
    const sale = saleId ? await this.#findSale(saleId) : undefined;
    if (!saleId || !sale) throw new AppError('NOT_FOUND', 'Reservation not found');
    const quantity = await this.#withSale(saleId, () => this.#store.consume(saleId, holdId, userId, this.#clock.now().getTime()));
    return {
      sale,
      quantity,
      // The journal holds the `ordered` entry by now; applying it in the order's transaction
      // makes the hold's row exist for the order's foreign key, and vanish with it on rollback.
      record: async (tx) => {
        await this.#journal.drain(saleId, tx);
      },
      undo: async () => {
        await this.#store.restore(saleId, holdId);
      },
    };
  }

  /**
   * A paid order's hold becomes sold units, and that is in PostgreSQL before this returns
   * (idempotent). `expired` means the hold lapsed or was released before the payment came.
   */
  async sellHold(holdId: string): Promise<SellOutcome> {
    const saleId = saleIdOfHold(holdId);
    if (!saleId) return 'unknown';
    const { outcome } = await this.#withSale(saleId, () => this.#store.sell(saleId, holdId));
    await this.#journal.drain(saleId);
    if (outcome === 'sold') this.broadcaster?.stockChanged(saleId);
    return outcome;
  }

  /** The buyer gives a hold back before it lapses. Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED, HOLD_ALREADY_SOLD. */
  async cancelReservation(
    userId: string,
    saleId: string,
    holdId: string,
  ): Promise<{ reservationId: string; status: 'released'; quantity: number }> {
    if (saleIdOfHold(holdId) !== saleId) throw new AppError('NOT_FOUND', 'Reservation not found');
    const quantity = await this.#withSale(saleId, () => this.#store.release(saleId, holdId, { userId, isOrderedToo: false }));
    await this.#afterRelease(saleId);
    return { reservationId: holdId, status: 'released', quantity };
  }

  /** The order placed on this hold was cancelled or lapsed unpaid: its units go back to the sale (idempotent). */
  async releaseOrderedHold(holdId: string): Promise<ReleaseOutcome> {
    const saleId = saleIdOfHold(holdId);
    if (!saleId) return 'unknown';
    try {
      await this.#withSale(saleId, () => this.#store.release(saleId, holdId, { isOrderedToo: true }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'HOLD_EXPIRED') return 'already-released';
      if (error.code === 'HOLD_ALREADY_SOLD') return 'sold';
      if (error.code === 'NOT_FOUND') return 'unknown';
      throw error;
    }
    await this.#afterRelease(saleId);
    return 'released';
  }

  /** Lapses the expired holds of every tracked sale and settles the ended ones; returns how many holds lapsed. */
  async sweepExpiredHolds(limitPerSale = 1000): Promise<number> {
    const nowMs = this.#clock.now().getTime();
    let lapsed = 0;
    await this.#forEachTracked(async (saleId) => {
      const released = await this.#store.expire(saleId, nowMs, limitPerSale);
      lapsed += released.length;
      if (released.length > 0) this.broadcaster?.stockChanged(saleId);
      if (isOver((await this.#store.readState(saleId))?.status)) await this.settleEndedSale(saleId);
    });
    return lapsed;
  }

  /** Copies every tracked sale's new journal entries into PostgreSQL; returns how many. */
  async drainJournals(): Promise<number> {
    let applied = 0;
    await this.#forEachTracked(async (saleId) => {
      applied += await this.#journal.drain(saleId);
    });
    return applied;
  }

  /** Copies one sale's new journal entries into PostgreSQL now (tests and tools). */
  async drainJournal(saleId: string): Promise<number> {
    return this.#journal.drain(saleId);
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────

  async #afterRelease(saleId: string): Promise<void> {
    await this.#journal.drain(saleId);
    this.broadcaster?.stockChanged(saleId);
    if (isOver((await this.#store.readState(saleId))?.status)) await this.settleEndedSale(saleId);
  }

  /** Runs `run` for each tracked sale; one failing sale does not hold up the others. */
  async #forEachTracked(run: (saleId: string) => Promise<void>): Promise<void> {
    const failures: unknown[] = [];
    for (const saleId of await this.#store.trackedIds()) {
      await run(saleId).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} flash sale(s) failed`);
  }

  /** Runs a Redis step; when Redis has lost the sale, rebuilds it from PostgreSQL and runs it again. */
  async #withSale<T>(saleId: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof SaleMissingError)) throw error;
    }
    if (!(await this.#recover(saleId))) throw new AppError('NOT_FOUND', 'Flash sale not found');
    try {
      return await step();
    } catch (error) {
      if (error instanceof SaleMissingError) throw new AppError('NOT_FOUND', 'Flash sale not found');
      throw error;
    }
  }

  /** One rebuild per sale at a time in this process; ids of no sale are remembered for a moment. */
  async #recover(saleId: string): Promise<boolean> {
    const unknownUntil = this.#unknownUntil.get(saleId);
    if (unknownUntil !== undefined && unknownUntil > Date.now()) return false;
    let rebuilding = this.#rebuilding.get(saleId);
    if (!rebuilding) {
      rebuilding = this.#rebuild(saleId).finally(() => this.#rebuilding.delete(saleId));
      this.#rebuilding.set(saleId, rebuilding);
    }
    const found = await rebuilding;
    if (!found) {
      if (this.#unknownUntil.size > 10_000) this.#unknownUntil.clear();
      this.#unknownUntil.set(saleId, Date.now() + UNKNOWN_SALE_TTL_MS);
    }
    return found;
  }

  /** Writes the sale into Redis from PostgreSQL unless it is there; false when there is no such sale. */
  async #rebuild(saleId: string): Promise<boolean> {
    const sale = await this.#findSale(saleId);
    if (!sale) return false;
    const holds = await this.#db.select().from(flashSaleHolds).where(eq(flashSaleHolds.saleId, saleId));
    if (await this.#store.load(toFacts(sale), holds.map(toHoldRecord))) {
      // The journal starts again in the new Redis; replaying entries is harmless, skipping them is not.
      await this.#db.update(flashSales).set({ journalCursor: '0-0' }).where(eq(flashSales.id, saleId));
      // A sale cancelled before it opened owes nothing; one cancelled while live may still give units back.
      const isCancelledUnopened = sale.status === 'cancelled' && sale.returnedToStock >= sale.quantity;
      if (sale.status === 'live' || sale.status === 'ended' || (sale.status === 'cancelled' && !isCancelledUnopened))
        await this.#store.track(saleId);
      if (isCancelledUnopened) await this.#store.expireKeys(saleId, FINISHED_KEYS_TTL_SEC);
    }
    return true;
  }

  /** True when the sale had to be rebuilt. */
  async #ensureInRedis(saleId: string): Promise<boolean> {
    if (await this.#store.readState(saleId)) return false;
    await this.#recover(saleId);
    return true;
  }

  async #queueOpenAndClose(sale: FlashSaleRow): Promise<void> {
    if (sale.status === 'scheduled') {
      await this.#queues.add('sale-open', saleOpenJobId(sale.id, sale.startsAt), { saleId: sale.id }, sale.startsAt);
    }
    if (sale.status === 'scheduled' || sale.status === 'live') {
      await this.#queues.add('sale-close', saleCloseJobId(sale.id, sale.endsAt), { saleId: sale.id }, sale.endsAt);
    }
  }

  async #lockUnopenedSale(tx: DbOrTx, merchantId: string, saleId: string, options: { evenIfDue?: boolean } = {}): Promise<FlashSaleRow> {
    const [sale] = await tx.select().from(flashSales).where(eq(flashSales.id, saleId)).for('update');
    if (!sale) throw new AppError('NOT_FOUND', 'Flash sale not found');
    if (sale.merchantId !== merchantId) throw new AppError('FORBIDDEN', "Only the sale's merchant may change it");
    const hasStarted = sale.startsAt.getTime() <= this.#clock.now().getTime();
    if (sale.status !== 'scheduled' || (hasStarted && !options.evenIfDue)) throw new AppError('SALE_NOT_EDITABLE');
    return sale;
  }

  #checkWindow(startsAt: Date, endsAt: Date): void {
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'endsAt must be after startsAt', [
        { path: 'body.endsAt', message: 'must be after startsAt' },
      ]);
    }
    if (endsAt.getTime() <= this.#clock.now().getTime()) {
      throw new AppError('VALIDATION_FAILED', 'endsAt must be in the future', [{ path: 'body.endsAt', message: 'in the past' }]);
    }
  }

  async #takeStock(tx: DbOrTx, productId: string, quantity: number): Promise<void> {
    await this.#catalog.takeStock(tx, productId, quantity).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'OUT_OF_STOCK' ? new AppError('INSUFFICIENT_STOCK') : error;
    });
  }

  async #findSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const [row] = await this.#db.select().from(flashSales).where(eq(flashSales.id, saleId));
    return row;
  }

  async #toView(sale: FlashSaleRow, live: LiveState | undefined): Promise<FlashSaleView> {
    const counts = live ?? (await this.#countsFromDatabase(sale));
    return {
      id: sale.id,
      productId: sale.productId,
      merchantId: sale.merchantId,
      streamId: sale.streamId,
      streamApproval: sale.streamId ? sale.streamApproval : null,
      // PostgreSQL's status leads: Redis follows it within a moment.
      status: sale.status,
      quantity: sale.quantity,
      remaining: counts.remaining,
      held: Math.max(0, sale.quantity - counts.remaining - counts.sold),
      sold: counts.sold,
      returnedToStock: sale.returnedToStock,
      perUserLimit: sale.perUserLimit,
      priceCents: sale.priceCents,
      currency: sale.currency,
      startsAt: sale.startsAt.toISOString(),
      endsAt: sale.endsAt.toISOString(),
    };
  }

  /** The sale's stock as PostgreSQL last recorded it, for a sale that is not in Redis. */
  async #countsFromDatabase(sale: FlashSaleRow): Promise<{ remaining: number; sold: number }> {
    const now = this.#clock.now().toISOString();
    const [row] = await this.#db
      .select({
        taken: sql<number>`coalesce(sum(${flashSaleHolds.quantity}) filter (where ${flashSaleHolds.status} in ('ordered', 'sold') or (${flashSaleHolds.status} = 'held' and ${flashSaleHolds.expiresAt} > ${now}::timestamptz)), 0)::int`,
        sold: sql<number>`coalesce(sum(${flashSaleHolds.quantity}) filter (where ${flashSaleHolds.status} = 'sold'), 0)::int`,
      })
      .from(flashSaleHolds)
      .where(eq(flashSaleHolds.saleId, sale.id));
    return { remaining: sale.quantity - Number(row?.taken ?? 0), sold: Number(row?.sold ?? 0) };
  }
}
