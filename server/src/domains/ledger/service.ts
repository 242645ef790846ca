import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type LedgerEntryStatus, ledgerEntries, ledgerTransactions, type OrderStatus } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { SettlementFacts } from '../orders/service.ts';
import type { Earnings } from './earnings-view.ts';
import { SettlementBatcher } from './settlement-batcher.ts';
import { type LedgerLine, splitOrder } from './split.ts';

export type { Earnings };

export type SettleOutcome = 'settled' | 'already-settled' | 'not-paid' | 'refunded';

/** One order on a merchant's statement; grossCents = platformFeeCents + commissionsCents + netCents. */
export interface SettlementRow {
  orderId: string;
  currency: string;
  /** pending until the order completes, then settled; refunded once reversed. */
  status: 'pending' | 'settled' | 'refunded';
  grossCents: number;
  /** The whole platform fee, including the part the platform passes on to a sharer. */
  platformFeeCents: number;
  /** The KOL commission, paid out of the merchant's side. */
  commissionsCents: number;
  referralCommissionCents: number;
  netCents: number;
  recordedAt: string;
  refundedAt: string | null;
}

/** Sums for one currency over every order of the merchant, refunds netted out. */
export interface SettlementTotals {
  currency: string;
  grossCents: number;
  platformFeeCents: number;
  commissionsCents: number;
  netCents: number;
  pendingNetCents: number;
  settledNetCents: number;
}

const SETTLEABLE = new Set(['paid', 'shipped', 'delivered', 'completed']);

export class LedgerService {
  readonly #db: Db;
  readonly #money: { platformFeeBps: number; referralShareBps: number };
  readonly #orderFacts: (orderIds: readonly string[]) => Promise<SettlementFacts[]>;
  readonly #lockOrderStatuses: (tx: DbOrTx, orderIds: readonly string[]) => Promise<Map<string, OrderStatus>>;
  readonly #resolveSharer: (code: string) => Promise<string | null>;
  readonly #settlementHolds: (tx: DbOrTx, orderIds: readonly string[]) => Promise<Set<string>>;
  readonly #batcher: SettlementBatcher<SettleOutcome>;

  constructor(deps: {
    db: Db;
    money: { platformFeeBps: number; referralShareBps: number };
    orderFacts: (orderIds: readonly string[]) => Promise<SettlementFacts[]>;
    /** The orders' statuses, their rows share-locked in `tx` so a refund cannot pass a settlement. */
    lockOrderStatuses: (tx: DbOrTx, orderIds: readonly string[]) => Promise<Map<string, OrderStatus>>;
    resolveSharer: (code: string) => Promise<string | null>;
    /**
     * Of these orders, read in `tx` (their rows locked), those whose commissions must not settle yet:
     * a refund may still happen (an open refund request).
     */
    settlementHolds?: (tx: DbOrTx, orderIds: readonly string[]) => Promise<Set<string>>;
    /** Group commit of settleOrderInBatch(): at most this many orders, waiting at most this long. */
    batch?: { maxOrders: number; lingerMs: number };
  }) {
    this.#db = deps.db;
    this.#money = deps.money;
    this.#orderFacts = deps.orderFacts;
    this.#lockOrderStatuses = deps.lockOrderStatuses;
    this.#resolveSharer = deps.resolveSharer;
    this.#settlementHolds = deps.settlementHolds ?? (async () => new Set());
    this.#batcher = new SettlementBatcher({
      settleMany: (orderIds) => this.settleOrders(orderIds),
      maxBatch: deps.batch?.maxOrders ?? 200,
      lingerMs: deps.batch?.lingerMs ?? 5,
    });
  }

  /**
   * Writes a paid order's balanced ledger transaction, exactly once: the unique (orderId, kind)
   * of ledger_transactions turns a retry or a duplicate job into 'already-settled'. The order row
   * is locked while it is written, so a refund either comes after (and reverses it) or before
   * (and then nothing is credited: 'refunded'). Throws NOT_FOUND.
   */
  async settleOrder(orderId: string): Promise<SettleOutcome> {
    const outcome = (await this.settleOrders([orderId])).get(orderId);
    if (outcome instanceof Error) throw outcome;
    if (outcome === undefined) throw new Error(`no settlement outcome for order ${orderId}`);
    return outcome;
  }

  /**
   * settleOrder() for a settlement job, grouped with the jobs running beside it in this process:
   * one transaction settles them all (see SettlementBatcher). Throws what settleOrder() throws.
   */
  settleOrderInBatch(orderId: string): Promise<SettleOutcome> {
    return this.#batcher.settle(orderId);
  }

  /**
   * settleOrder() for many orders in one PostgreSQL transaction; each order gets its own outcome
   * or error (NOT_FOUND, or a split that does not add up). Orders are locked and inserted in id
   * order, so two batches holding the same order cannot deadlock. When the batch transaction
   * fails, each order is tried again on its own.
   */
  async settleOrders(orderIds: readonly string[]): Promise<Map<string, SettleOutcome | Error>> {
    const ids = [...new Set(orderIds)].sort();
    const outcomes = new Map<string, SettleOutcome | Error>();
    // What an order is worth never changes once placed, so it is read before the transaction;
    // only the status is read again under the lock.
    const facts = await this.#orderFacts(ids);
    const sharers = new Map<string, string | null>();
    for (const code of new Set(facts.map((f) => f.referralCode).filter((c) => c !== null)))
      sharers.set(code, await this.#resolveSharer(code));
    const planned: { orderId: string; currency: string; lines: LedgerLine[] }[] = [];
    for (const id of ids) {
      const order = facts.find((f) => f.id === id);
      if (!order) outcomes.set(id, new AppError('NOT_FOUND', 'Order not found'));
      else if (order.status === 'refunded') outcomes.set(id, 'refunded');
      else if (!SETTLEABLE.has(order.status)) outcomes.set(id, 'not-paid');
      else {
        const sharer = order.referralCode ? (sharers.get(order.referralCode) ?? null) : null;
        try {
          const lines = splitOrder({
            totalCents: order.totalCents,
            items: order.items,
            // Decided when the order was placed (ADR 0012); a KOL's own purchase never earns them, whatever the row says.
            kolId: order.kolId !== order.buyerId ? order.kolId : null,
            // No self-referral: a buyer does not earn from their own purchase.
            sharerId: sharer && sharer !== order.buyerId ? sharer : null,
            merchantId: order.merchantId,
            ...this.#money,
          });
          planned.push({ orderId: id, currency: order.currency, lines });
        } catch (error) {
          outcomes.set(id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
    if (planned.length === 0) return outcomes;
    try {
      for (const [id, outcome] of await this.#writeSettlements(planned)) outcomes.set(id, outcome);
    } catch (error) {
      if (planned.length === 1) throw error;
      for (const { orderId } of planned) {
        outcomes.set(orderId, await this.settleOrder(orderId).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
      }
    }
    return outcomes;
  }

  async #writeSettlements(planned: { orderId: string; currency: string; lines: LedgerLine[] }[]): Promise<Map<string, SettleOutcome>> {
    return this.#db.transaction(async (tx) => {
      const outcomes = new Map<string, SettleOutcome>();
      const statuses = await this.#lockOrderStatuses(
        tx,
        planned.map((p) => p.orderId),
      );
      const writable = planned.filter((p) => {
        const status = statuses.get(p.orderId);
        if (status !== undefined && SETTLEABLE.has(status)) return true;
        outcomes.set(p.orderId, status === 'refunded' ? 'refunded' : 'not-paid');
        return false;
      });
      if (writable.length === 0) return outcomes;
      const held = await this.#settlementHolds(
        tx,
        writable.map((p) => p.orderId),
      );
      // Rows go in as one JSON parameter: a few hundred lines cost one bind instead of thousands,
      // and the transactions are inserted in order id order like the locks above.
      const txns = await tx
        .insert(ledgerTransactions)
        // The select lists every column in the table's order (id, orderId, kind, currency, createdAt, payoutId).
        .select(
          sql`select gen_random_uuid()::text, x.order_id, 'order_settlement', x.currency, now(), null
              from jsonb_to_recordset(${JSON.stringify(writable.map((p) => ({ order_id: p.orderId, currency: p.currency })))}::jsonb)
                as x(order_id text, currency text)
              order by x.order_id`,
        )
        .onConflictDoNothing()
        .returning({ id: ledgerTransactions.id, orderId: ledgerTransactions.orderId });
      const txnOf = new Map(txns.map((t) => [t.orderId, t.id]));
      const entries = writable.flatMap((p) => {
        const transactionId = txnOf.get(p.orderId);
        outcomes.set(p.orderId, transactionId ? 'settled' : 'already-settled');
        // An order that completed before this job ran has nothing left to wait for, unless a refund request holds it.
        const status: LedgerEntryStatus = statuses.get(p.orderId) === 'completed' && !held.has(p.orderId) ? 'settled' : 'pending';
        return transactionId
          ? p.lines.map((l) => ({ t: transactionId, o: p.orderId, a: l.account, u: l.userId, k: l.kind, c: l.amountCents, s: status }))
          : [];
      });
      if (entries.length > 0) {
        // The select lists every column in the table's order (id … status, createdAt, payoutId).
        await tx.insert(ledgerEntries).select(
          sql`select gen_random_uuid()::text, x.t, x.o, x.a, x.u, x.k, x.c, x.s, now(), null
                from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as x(t text, o text, a text, u text, k text, c bigint, s text)`,
        );
      }
      return outcomes;
    });
  }

  /**
   * Inside the order's refund transaction: one order_refund transaction that negates every entry
   * the order's settlement wrote (each reversal keeps the status of what it reverses). When the
   * order was never settled it is empty, and settleOrder() will credit nothing afterwards.
   * Returns the cents reversed out of payment clearing (0 when there was nothing to reverse).
   */
  async reverseOrder(tx: DbOrTx, orderId: string, currency: string): Promise<number> {
    const [refund] = await tx
      .insert(ledgerTransactions)
      .values({ orderId, kind: 'order_refund', currency })
      .onConflictDoNothing()
      .returning({ id: ledgerTransactions.id });
    if (!refund) return 0;
    const settlementId = await this.#settlementTransactionId(tx, orderId);
    if (!settlementId) return 0;
    const entries = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.transactionId, settlementId));
    if (entries.length === 0) return 0;
    await tx.insert(ledgerEntries).values(
      entries.map((e) => ({
        transactionId: refund.id,
        orderId,
        account: e.account,
        userId: e.userId,
        kind: e.kind,
        amountCents: -e.amountCents,
        status: e.status,
      })),
    );
    return entries.find((e) => e.kind === 'buyer_payment')?.amountCents ?? 0;
  }

  /**
   * A completed order's settlement entries (commissions, fee and merchant net) move from pending
   * to settled; idempotent. An order held by an open refund request stays pending (the request's
   * decline settles it). Returns how many moved.
   */
  async settleCommissions(orderId: string): Promise<number> {
    return this.#db.transaction(async (tx) => {
      if ((await this.#lockOrderStatuses(tx, [orderId])).get(orderId) !== 'completed') return 0;
      if ((await this.#settlementHolds(tx, [orderId])).has(orderId)) return 0;
      const settlementId = await this.#settlementTransactionId(tx, orderId);
      // Not settled yet: settleOrder() will write the entries as settled when it runs.
      if (!settlementId) return 0;
      const moved = await tx
        .update(ledgerEntries)
        .set({ status: 'settled' })
        .where(and(eq(ledgerEntries.transactionId, settlementId), eq(ledgerEntries.status, 'pending')))
        .returning({ id: ledgerEntries.id });
      return moved.length;
    });
  }

  /**
   * Inside the transaction that opens a refund request on the order (its row locked): the order's
   * settled entries not paid out yet go back to pending, so no payout run pays them while the
   * refund may still happen. Returns how many moved.
   */
  async holdSettledEntries(tx: DbOrTx, orderId: string): Promise<number> {
    const settlementId = await this.#settlementTransactionId(tx, orderId);
    if (!settlementId) return 0;
    const moved = await tx
      .update(ledgerEntries)
      .set({ status: 'pending' })
      .where(and(eq(ledgerEntries.transactionId, settlementId), eq(ledgerEntries.status, 'settled'), isNull(ledgerEntries.payoutId)))
      .returning({ id: ledgerEntries.id });
    return moved.length;
  }

  /** The id of the order's order_settlement transaction; undefined until settleOrder() wrote one. */
  async #settlementTransactionId(tx: DbOrTx, orderId: string): Promise<string | undefined> {
    const [settlement] = await tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.orderId, orderId), eq(ledgerTransactions.kind, 'order_settlement')));
    return settlement?.id;
  }

  /** A user's commissions (KOL and referral), pending and settled; what was paid out shows in getPayouts(). */
  async getEarnings(userId: string): Promise<Earnings> {
    // Commissions come from orders; a payout's entry (it has no order) is money leaving, not earned.
    const mine = and(eq(ledgerEntries.userId, userId), eq(ledgerEntries.account, 'user_earnings'), isNotNull(ledgerEntries.orderId));
    const [totals] = await this.#db
      .select({
        pending: sql<string>`coalesce(sum(${ledgerEntries.amountCents}) filter (where ${ledgerEntries.status} = 'pending'), 0)`,
        settled: sql<string>`coalesce(sum(${ledgerEntries.amountCents}) filter (where ${ledgerEntries.status} = 'settled'), 0)`,
      })
      .from(ledgerEntries)
      .where(mine);
    const entries = await this.#db.select().from(ledgerEntries).where(mine).orderBy(desc(ledgerEntries.createdAt)).limit(100);
    return {
      pendingCents: Number(totals?.pending ?? 0),
      settledCents: Number(totals?.settled ?? 0),
      entries: entries.flatMap((e) =>
        e.orderId === null
          ? []
          : [{ orderId: e.orderId, kind: e.kind, amountCents: e.amountCents, status: e.status, at: e.createdAt.toISOString() }],
      ),
    };
  }

  /**
   * A merchant's statement: one row per settled order, newest first (`cursor` is the `nextCursor`
   * of the page before), and totals per currency over all of the merchant's orders.
   */
  async getMerchantSettlement(
    merchantId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: SettlementRow[]; totals: SettlementTotals[]; nextCursor?: string }> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const settlements = await this.#db
      .select({
        transactionId: ledgerTransactions.id,
        // An order_settlement transaction always has its order (only payouts' have none).
        orderId: sql<string>`${ledgerTransactions.orderId}`,
        currency: ledgerTransactions.currency,
        createdAt: ledgerTransactions.createdAt,
        // The cursor keeps PostgreSQL's microseconds, which a JS Date would round away.
        exactCreatedAt: sql<string>`${ledgerTransactions.createdAt}::text`,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .where(
        and(
          eq(ledgerEntries.userId, merchantId),
          eq(ledgerEntries.kind, 'merchant_net'),
          eq(ledgerTransactions.kind, 'order_settlement'),
          after ? olderThan(ledgerTransactions.createdAt, ledgerTransactions.id, after) : undefined,
        ),
      )
      .orderBy(desc(ledgerTransactions.createdAt), desc(ledgerTransactions.id))
      .limit(page.limit + 1);
    const pageRows = settlements.slice(0, page.limit);
    const orderIds = pageRows.map((r) => r.orderId);
    const [entries, refunds, totals] = await Promise.all([
      orderIds.length
        ? this.#db
            .select()
            .from(ledgerEntries)
            .where(
              inArray(
                ledgerEntries.transactionId,
                pageRows.map((r) => r.transactionId),
              ),
            )
        : [],
      orderIds.length
        ? this.#db
            .select({ orderId: ledgerTransactions.orderId, createdAt: ledgerTransactions.createdAt })
            .from(ledgerTransactions)
            .where(and(inArray(ledgerTransactions.orderId, orderIds), eq(ledgerTransactions.kind, 'order_refund')))
        : [],
      this.#merchantTotals(merchantId),
    ]);
    const refundedAt = new Map(refunds.map((r) => [r.orderId, r.createdAt]));
    const items = pageRows.map((s): SettlementRow => {
      const mine = entries.filter((e) => e.transactionId === s.transactionId);
      const cents = (kind: string) => mine.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.amountCents, 0);
      const refunded = refundedAt.get(s.orderId);
      const referralCents = cents('referral_commission');
      return {
        orderId: s.orderId,
        currency: s.currency,
        status: refunded ? 'refunded' : mine.every((e) => e.status === 'settled') ? 'settled' : 'pending',
        grossCents: -cents('buyer_payment'),
        platformFeeCents: cents('platform_fee') + referralCents,
        commissionsCents: cents('kol_commission'),
        referralCommissionCents: referralCents,
        netCents: cents('merchant_net'),
        recordedAt: s.createdAt.toISOString(),
        refundedAt: refunded?.toISOString() ?? null,
      };
    });
    const last = pageRows.at(-1);
    return {
      items,
      totals,
      ...(settlements.length > page.limit && last ? { nextCursor: encodeCursor(last.exactCreatedAt, last.transactionId) } : {}),
    };
  }

  async #merchantTotals(merchantId: string): Promise<SettlementTotals[]> {
    const ordersOfMerchant = this.#db
      .select({ orderId: ledgerEntries.orderId })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.userId, merchantId), eq(ledgerEntries.kind, 'merchant_net')));
    const e = ledgerEntries;
    const sum = (filter: ReturnType<typeof sql>) => sql<string>`coalesce(sum(${e.amountCents}) filter (where ${filter}), 0)`;
    const rows = await this.#db
      .select({
        currency: ledgerTransactions.currency,
        gross: sum(sql`${e.kind} = 'buyer_payment'`),
        fee: sum(sql`${e.kind} in ('platform_fee', 'referral_commission')`),
        commissions: sum(sql`${e.kind} = 'kol_commission'`),
        net: sum(sql`${e.kind} = 'merchant_net'`),
        pendingNet: sum(sql`${e.kind} = 'merchant_net' and ${e.status} = 'pending'`),
        settledNet: sum(sql`${e.kind} = 'merchant_net' and ${e.status} = 'settled'`),
      })
      .from(e)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, e.transactionId))
      .where(inArray(e.orderId, ordersOfMerchant))
      .groupBy(ledgerTransactions.currency)
      .orderBy(ledgerTransactions.currency);
    return rows.map((r) => ({
      currency: r.currency,
      grossCents: -Number(r.gross),
      platformFeeCents: Number(r.fee),
      commissionsCents: Number(r.commissions),
      netCents: Number(r.net),
      pendingNetCents: Number(r.pendingNet),
      settledNetCents: Number(r.settledNet),
    }));
  }

  /** Checks the books: how many transactions have entries, how many do not sum to zero, and the sum of everything. */
  async auditBooks(): Promise<{ transactions: number; unbalancedTransactions: number; imbalanceCents: number }> {
    const perTransaction = this.#db
      .select({ sum: sql<string>`sum(${ledgerEntries.amountCents})`.as('sum') })
      .from(ledgerEntries)
      .groupBy(ledgerEntries.transactionId)
      .as('per_transaction');
    const [row] = await this.#db
      .select({
        transactions: sql<string>`count(*)`,
        unbalanced: sql<string>`count(*) filter (where ${perTransaction.sum} <> 0)`,
        imbalance: sql<string>`coalesce(sum(${perTransaction.sum}), 0)`,
      })
      .from(perTransaction);
    return {
      transactions: Number(row?.transactions ?? 0),
      unbalancedTransactions: Number(row?.unbalanced ?? 0),
      imbalanceCents: Number(row?.imbalance ?? 0),
    };
  }

  /** Sum of every ledger entry (0 when the books balance). */
  async getImbalanceCents(): Promise<number> {
    const [row] = await this.#db.select({ sum: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` }).from(ledgerEntries);
    return Number(row?.sum ?? 0);
  }
}
