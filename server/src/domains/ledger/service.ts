import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { ledgerEntries, ledgerTransactions } from '../../../../db/schema/index.ts';
import type { SettlementFacts } from '../orders/service.ts';
import { splitOrder } from './split.ts';

export type SettleOutcome = 'settled' | 'already-settled' | 'not-paid';

export interface Earnings {
  pendingCents: number;
  settledCents: number;
  entries: { orderId: string; kind: string; amountCents: number; status: string; at: string }[];
}

const SETTLEABLE = new Set(['paid', 'shipped', 'delivered', 'completed']);

export class LedgerService {
  readonly #db: Db;
  readonly #money: { platformFeeBps: number; referralShareBps: number };
  readonly #orderFacts: (orderId: string) => Promise<SettlementFacts>;
  readonly #resolveSharer: (code: string) => Promise<string | null>;

  constructor(deps: {
    db: Db;
    money: { platformFeeBps: number; referralShareBps: number };
    orderFacts: (orderId: string) => Promise<SettlementFacts>;
    resolveSharer: (code: string) => Promise<string | null>;
  }) {
    this.#db = deps.db;
    this.#money = deps.money;
    this.#orderFacts = deps.orderFacts;
    this.#resolveSharer = deps.resolveSharer;
  }

  /**
   * Writes a paid order's balanced ledger transaction, exactly once: the unique (orderId, kind)
   * of ledger_transactions turns a retry or a duplicate job into 'already-settled'.
   */
  async settleOrder(orderId: string): Promise<SettleOutcome> {
    const order = await this.#orderFacts(orderId);
    if (!SETTLEABLE.has(order.status)) return 'not-paid';
    const sharer = order.referralCode ? await this.#resolveSharer(order.referralCode) : null;
    const lines = splitOrder({
      totalCents: order.totalCents,
      items: order.items,
      kolId: order.kolId,
      // No self-referral: a buyer does not earn from their own purchase.
      sharerId: sharer && sharer !== order.buyerId ? sharer : null,
      merchantId: order.merchantId,
      ...this.#money,
    });
    return this.#db.transaction(async (tx) => {
      const [txn] = await tx
        .insert(ledgerTransactions)
        .values({ orderId, kind: 'order_settlement', currency: order.currency })
        .onConflictDoNothing()
        .returning({ id: ledgerTransactions.id });
      if (!txn) return 'already-settled';
      await tx.insert(ledgerEntries).values(lines.map((l) => ({ ...l, transactionId: txn.id, orderId })));
      return 'settled';
    });
  }

  /** A user's commissions (KOL and referral), pending and settled. */
  async getEarnings(userId: string): Promise<Earnings> {
    const mine = and(eq(ledgerEntries.userId, userId), eq(ledgerEntries.account, 'user_earnings'));
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
      entries: entries.map((e) => ({
        orderId: e.orderId,
        kind: e.kind,
        amountCents: e.amountCents,
        status: e.status,
        at: e.createdAt.toISOString(),
      })),
    };
  }

  /** Sum of every ledger entry (0 when the books balance). */
  async getImbalanceCents(): Promise<number> {
    const [row] = await this.#db.select({ sum: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` }).from(ledgerEntries);
    return Number(row?.sum ?? 0);
  }
}
