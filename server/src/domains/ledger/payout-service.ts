import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { ledgerEntries, ledgerTransactions, type PayableAccount, type PayoutStatus, payouts } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import { PayoutDeclinedError, type PayoutProvider, type PayoutReceipt } from './payout-provider.ts';
import type { PayoutView } from './payout-view.ts';

export type { PayoutView };

/** What one payPayout() call found or did. */
export type PayoutResult =
  | { outcome: 'paid' | 'already-paid'; providerReference: string }
  | { outcome: 'failed' | 'already-failed'; failureReason: string }
  /** Its user is suspended: the payout stays scheduled, and the run after reinstatement sends it. */
  | { outcome: 'held' };

type PayoutRow = typeof payouts.$inferSelect;

/** A failure reason is shown to the user and kept on the row; provider messages can be long. */
const FAILURE_REASON_MAX_CHARS = 500;

/**
 * The daily payout run and the transfer of each payout through the payout provider. A paid payout
 * is one balanced ledger transaction (unique per payout) that moves the balance off the user's
 * payable account to payout_clearing.
 */
export class PayoutService {
  readonly #db: Db;
  readonly #provider: PayoutProvider;
  readonly #clock: Clock;
  readonly #heldUserIds: () => Promise<ReadonlySet<string>>;

  constructor(deps: {
    db: Db;
    provider: PayoutProvider;
    clock: Clock;
    /** Users whose money stays on the platform for now (suspended merchants): no payout is made or sent for them. */
    heldUserIds?: () => Promise<ReadonlySet<string>>;
  }) {
    this.#db = deps.db;
    this.#provider = deps.provider;
    this.#clock = deps.clock;
    this.#heldUserIds = deps.heldUserIds ?? (async () => new Set());
  }

  /**
   * The daily payout run: every settled balance not yet paid out (KOL and referral earnings,
   * merchant net) becomes one payout per user, account and currency for `day` (YYYY-MM-DD, UTC).
   * A balance at or below zero (a refund after an earlier payout) waits for a later run. The
   * entries are locked and marked in the same transaction, so a retried or concurrent run pays
   * nothing twice. A second run on the same day adds to that day's payout while it is still
   * scheduled; once its transfer started, the new balance gets a payout of its own. A held user's
   * balance stays where it is until a run after the hold ends.
   */
  async createPayouts(day: string): Promise<{ payouts: number; totalCents: number }> {
    const held = await this.#heldUserIds();
    return this.#db.transaction(async (tx) => {
      const open = await tx
        .select({
          id: ledgerEntries.id,
          userId: ledgerEntries.userId,
          account: ledgerEntries.account,
          amountCents: ledgerEntries.amountCents,
          currency: ledgerTransactions.currency,
        })
        .from(ledgerEntries)
        .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
        .where(
          and(
            eq(ledgerEntries.status, 'settled'),
            isNull(ledgerEntries.payoutId),
            inArray(ledgerEntries.account, ['user_earnings', 'merchant_payable']),
          ),
        )
        .orderBy(ledgerEntries.id)
        .for('update', { of: ledgerEntries });
      let count = 0;
      let totalCents = 0;
      for (const entries of Map.groupBy(open, (e) => `${e.userId}|${e.account}|${e.currency}`).values()) {
        const first = entries[0];
        const amountCents = entries.reduce((sum, e) => sum + e.amountCents, 0);
        if (!first?.userId || amountCents <= 0 || held.has(first.userId)) continue;
        const [payout] = await tx
          .insert(payouts)
          .values({
            userId: first.userId,
            account: first.account as PayableAccount,
            currency: first.currency,
            amountCents,
            periodDate: day,
          })
          .onConflictDoUpdate({
            target: [payouts.userId, payouts.account, payouts.currency, payouts.periodDate],
            targetWhere: sql`${payouts.status} = 'scheduled'`,
            set: { amountCents: sql`${payouts.amountCents} + excluded.amount_cents` },
          })
          .returning({ id: payouts.id });
        if (!payout) throw new Error('payout upsert returned no row');
        await tx
          .update(ledgerEntries)
          .set({ payoutId: payout.id })
          .where(
            inArray(
              ledgerEntries.id,
              entries.map((e) => e.id),
            ),
          );
        count++;
        totalCents += amountCents;
      }
      return { payouts: count, totalCents };
    });
  }

  /** The payouts waiting for their transfer job, oldest first; held users' payouts wait for the hold to end. */
  async getScheduledPayoutIds(): Promise<string[]> {
    const held = await this.#heldUserIds();
    const rows = await this.#db
      .select({ id: payouts.id, userId: payouts.userId })
      .from(payouts)
      .where(eq(payouts.status, 'scheduled'))
      .orderBy(payouts.createdAt);
    return rows.filter((r) => !held.has(r.userId)).map((r) => r.id);
  }

  /** Payouts whose transfer started and never finished (every try of their job failed without an answer), oldest first. */
  async getStuckPayoutIds(): Promise<string[]> {
    return this.#payoutIdsIn('sending');
  }

  async #payoutIdsIn(status: PayoutStatus): Promise<string[]> {
    const rows = await this.#db.select({ id: payouts.id }).from(payouts).where(eq(payouts.status, status)).orderBy(payouts.createdAt);
    return rows.map((r) => r.id);
  }

  /**
   * Sends a payout's money through the provider and books it, at most once however often it runs
   * (even at the same time). On success one transaction marks the payout paid and writes its ledger
   * transaction. A declined transfer, or a failing one on the job's last attempt that the provider
   * confirms it never made, marks the payout failed and hands its entries back to the next payout
   * run. Any other provider error is thrown, for the job to retry. A scheduled payout of a held user
   * is left scheduled (`held`). Throws NOT_FOUND.
   */
  async payPayout(payoutId: string, attempt: { isFinalAttempt: boolean }): Promise<PayoutResult> {
    const [scheduled] = await this.#db
      .select({ userId: payouts.userId })
      .from(payouts)
      .where(and(eq(payouts.id, payoutId), eq(payouts.status, 'scheduled')));
    // Once sending, a transfer may already have gone out, so a hold that came later does not stop it.
    if (scheduled && (await this.#heldUserIds()).has(scheduled.userId)) return { outcome: 'held' };
    // Committed before any money moves: from here on the payout run no longer adds to this payout,
    // so every retry asks the provider for the same amount under the same key.
    const claimed = await this.#db
      .update(payouts)
      .set({ status: 'sending' })
      .where(and(eq(payouts.id, payoutId), inArray(payouts.status, ['scheduled', 'sending'])))
      .returning({ id: payouts.id });
    if (claimed.length === 0) return this.#finishedResult(this.#db, payoutId);
    // The row lock is held across the provider call so that two runs of this payout take turns:
    // the second finds it paid or failed, and a failure is never recorded while a transfer is under way.
    return this.#db.transaction(async (tx) => {
      const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
      if (!payout) throw new AppError('NOT_FOUND', 'Payout not found');
      if (payout.status !== 'sending') return this.#finishedResult(tx, payoutId);
      let receipt: PayoutReceipt;
      try {
        receipt = await this.#provider.transfer({
          payoutId,
          userId: payout.userId,
          amountCents: payout.amountCents,
          currency: payout.currency,
        });
      } catch (error) {
        const isDeclined = error instanceof PayoutDeclinedError;
        if (!isDeclined && !attempt.isFinalAttempt) throw error;
        // An earlier attempt may have gone through with its answer lost (a decline means it did not:
        // the provider would have replayed that transfer). Only "no such transfer" frees the balance.
        const made = isDeclined ? null : await this.#provider.findTransfer(payoutId);
        if (!made) {
          const failureReason = (error instanceof Error ? error.message : String(error)).slice(0, FAILURE_REASON_MAX_CHARS);
          await this.#recordFailure(tx, payout, failureReason);
          return { outcome: 'failed', failureReason };
        }
        receipt = made;
      }
      await this.#recordPaid(tx, payout, receipt.reference);
      return { outcome: 'paid', providerReference: receipt.reference };
    });
  }

  /** A user's payouts, newest first. */
  async getPayouts(userId: string): Promise<{ items: PayoutView[] }> {
    const rows = await this.#db
      .select()
      .from(payouts)
      .where(eq(payouts.userId, userId))
      .orderBy(desc(payouts.periodDate), desc(payouts.createdAt), payouts.account)
      .limit(100);
    return {
      items: rows.map((p) => ({
        id: p.id,
        account: p.account,
        currency: p.currency,
        amountCents: p.amountCents,
        periodDate: p.periodDate,
        status: p.status,
        createdAt: p.createdAt.toISOString(),
        paidAt: p.paidAt?.toISOString() ?? null,
        providerReference: p.providerReference,
        failedAt: p.failedAt?.toISOString() ?? null,
        failureReason: p.failureReason,
      })),
    };
  }

  async #recordPaid(tx: DbOrTx, payout: PayoutRow, providerReference: string): Promise<void> {
    const [transaction] = await tx
      .insert(ledgerTransactions)
      .values({ payoutId: payout.id, kind: 'payout', currency: payout.currency })
      .onConflictDoNothing()
      .returning({ id: ledgerTransactions.id });
    // The payout is locked and still sending, so its transaction cannot exist yet.
    if (!transaction) throw new Error(`payout ${payout.id} already has a ledger transaction`);
    const paidOut = { transactionId: transaction.id, payoutId: payout.id, status: 'settled' as const };
    await tx.insert(ledgerEntries).values([
      { ...paidOut, account: payout.account, userId: payout.userId, kind: 'payout', amountCents: -payout.amountCents },
      { ...paidOut, account: 'payout_clearing', userId: null, kind: 'payout_transfer', amountCents: payout.amountCents },
    ]);
    await tx.update(payouts).set({ status: 'paid', paidAt: this.#clock.now(), providerReference }).where(eq(payouts.id, payout.id));
  }

  async #recordFailure(tx: DbOrTx, payout: PayoutRow, failureReason: string): Promise<void> {
    await tx.update(payouts).set({ status: 'failed', failedAt: this.#clock.now(), failureReason }).where(eq(payouts.id, payout.id));
    // A failed payout has no ledger transaction, so every entry pointing at it is a balance it was to pay.
    await tx.update(ledgerEntries).set({ payoutId: null }).where(eq(ledgerEntries.payoutId, payout.id));
  }

  async #finishedResult(db: DbOrTx, payoutId: string): Promise<PayoutResult> {
    const [payout] = await db.select().from(payouts).where(eq(payouts.id, payoutId));
    if (!payout) throw new AppError('NOT_FOUND', 'Payout not found');
    if (payout.status === 'paid') return { outcome: 'already-paid', providerReference: payout.providerReference ?? '' };
    if (payout.status === 'failed') return { outcome: 'already-failed', failureReason: payout.failureReason ?? '' };
    throw new Error(`payout ${payoutId} is ${payout.status}, not finished`);
  }
}
