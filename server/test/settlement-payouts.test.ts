import { Queue, UnrecoverableError } from 'bullmq';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LedgerAccount, ledgerEntries, ledgerTransactions, payouts } from '../../db/schema/index.ts';
import { type JobAttempts, payoutTransfer, payoutTransferJobId } from '../../workers/src/processors/payout-transfer.ts';
import { payoutRun } from '../../workers/src/processors/payouts.ts';
import { bullPrefix } from '../src/jobs/queues.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const FIRST_TRY: JobAttempts = { attemptsMade: 0, opts: { attempts: 3 } };
const LAST_TRY: JobAttempts = { attemptsMade: 2, opts: { attempts: 3 } };

let engine: TestEngine;

beforeAll(async () => {
  // Fewer and quicker transfer tries than the defaults (8 from 500 ms), which one test below checks.
  engine = await startTestEngine({ env: { PLATFORM_FEE_BPS: '1000', PAYOUT_TRANSFER_ATTEMPTS: '4', PAYOUT_TRANSFER_BACKOFF_MS: '200' } });
});
afterAll(async () => {
  await engine?.close();
});

const db = () => engine.infra.database.db;
const sandbox = () => engine.services.payoutProvider;

/**
 * A merchant, a KOL and a buyer of their own, so each test reads only its own balances. Each
 * order is 100.00, of which the KOL earns 10.00 and the merchant 80.00 (the platform keeps 10.00).
 */
const cast = async () => {
  const make = factories(engine);
  const [merchant, kol, buyer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
  const productId = (await make.product(merchant.token, { priceCents: 10000, kolCommissionBps: 1000 })).id;
  // The stream offers the product live, so its KOL earns on it (ADR 0012).
  const streamId = (await make.liveStream(kol.token, [productId])).id;
  /** An order bought in the KOL's stream, paid, and (unless told otherwise) completed with its commissions settled. */
  const order = async ({ complete = true } = {}) => {
    const placed = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], streamId, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      () => db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, placed.body.id)),
      (rows) => rows.length > 0,
    );
    if (complete) {
      for (const step of ['ship', 'deliver']) await engine.http('POST', `/api/orders/${placed.body.id}/${step}`, { token: merchant.token });
      await engine.http('POST', `/api/orders/${placed.body.id}/complete`, { token: buyer.token });
      await eventually(
        () => db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, placed.body.id)),
        (rows) => rows.every((r) => r.status === 'settled'),
      );
    }
    return placed.body.id as string;
  };
  return { merchant, kol, buyer, order };
};

/** The payout run as the daily job runs it, on `day`: it groups balances and queues the transfers. */
const runOn = (day: string) =>
  payoutRun({ payouts: engine.services.payouts, queues: engine.services.queues, clock: { now: () => new Date(`${day}T02:00:00Z`) } });
const payoutsOf = async (user: Made) => (await engine.http('GET', '/api/me/payouts', { token: user.token })).body.items;
const rowsOf = (user: Made) => db().select().from(payouts).where(eq(payouts.userId, user.user.id)).orderBy(payouts.createdAt);
/** What the user's account holds on the ledger: earned and settled, minus what was paid out. */
const balanceOf = async (user: Made, account: LedgerAccount) => {
  const [row] = await db()
    .select({ cents: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.userId, user.user.id), eq(ledgerEntries.account, account)));
  return Number(row?.cents);
};
/** Settled cents on the user's account that no payout holds: what the next run will pick up. */
const awaitingPayoutCents = async (user: Made) => {
  const rows = await db()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.userId, user.user.id), eq(ledgerEntries.status, 'settled'), isNull(ledgerEntries.payoutId)));
  return rows.reduce((sum, e) => sum + e.amountCents, 0);
};
const allFinished = (rows: { status: string }[]) => rows.length > 0 && rows.every((r) => r.status === 'paid' || r.status === 'failed');
const expectBooksBalanced = async () =>
  expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });

const transfer = () => payoutTransfer(engine.services);
const onlyRowOf = async (user: Made) => {
  const [row, ...more] = await rowsOf(user);
  if (!row || more.length > 0) throw new Error(`expected one payout, found ${more.length + (row ? 1 : 0)}`);
  return row;
};
const sentTo = (user: Made) =>
  sandbox()
    .sentTransfers()
    .filter((t) => t.userId === user.user.id);

describe('the daily payout run', () => {
  it('groups settled balances into one payout per user, account and day, and a second run adds to a payout still scheduled', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    await order({ complete: false });
    const day = '2031-03-04';

    expect(await engine.services.payouts.createPayouts(day)).toEqual({ payouts: 2, totalCents: 1000 + 8000 });
    expect(await payoutsOf(kol)).toEqual([
      expect.objectContaining({ account: 'user_earnings', amountCents: 1000, periodDate: day, status: 'scheduled', paidAt: null }),
    ]);
    expect(await payoutsOf(merchant)).toEqual([
      expect.objectContaining({ account: 'merchant_payable', amountCents: 8000, periodDate: day, status: 'scheduled' }),
    ]);
    expect(await engine.services.payouts.createPayouts(day)).toEqual({ payouts: 0, totalCents: 0 });

    await order();
    expect(await engine.services.payouts.createPayouts(day)).toEqual({ payouts: 2, totalCents: 9000 });
    expect(await payoutsOf(kol)).toEqual([expect.objectContaining({ amountCents: 2000, status: 'scheduled' })]);

    expect(await runOn(day)()).toEqual({ payouts: 0, totalCents: 0 });
    await eventually(() => rowsOf(merchant), allFinished);
    expect(await payoutsOf(kol)).toEqual([expect.objectContaining({ amountCents: 2000, status: 'paid' })]);
    expect(await payoutsOf(merchant)).toEqual([expect.objectContaining({ amountCents: 16000, status: 'paid' })]);
  });

  it('keeps a balance that a refund took below zero for a later run', async () => {
    const { merchant, kol, order } = await cast();
    const refunded = await order();
    const run = runOn('2031-03-05');
    await run();
    await eventually(() => rowsOf(kol), allFinished);
    await eventually(() => rowsOf(merchant), allFinished);
    expect(await engine.http('POST', `/api/orders/${refunded}/refund`, { token: merchant.token })).toMatchObject({ status: 200 });

    expect(await run()).toEqual({ payouts: 0, totalCents: 0 });
    expect(await balanceOf(kol, 'user_earnings')).toBe(-1000);
    expect(await awaitingPayoutCents(kol)).toBe(-1000);

    await order();
    const next = runOn('2031-03-06');
    expect(await next()).toEqual({ payouts: 0, totalCents: 0 });
    await order();
    expect(await next()).toEqual({ payouts: 2, totalCents: 1000 + 8000 });
    await eventually(
      () => rowsOf(kol),
      (rows) => rows.length === 2 && allFinished(rows),
    );
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    expect(await balanceOf(merchant, 'merchant_payable')).toBe(0);
  });

  it('runs through BullMQ, pays what it grouped, and keeps a daily scheduler', async () => {
    const { kol, order } = await cast();
    await order();
    await engine.infra.queues.add('payouts', 'payouts-now', {});
    const [paid] = await eventually(() => rowsOf(kol), allFinished);
    expect(paid).toMatchObject({ periodDate: new Date().toISOString().slice(0, 10), status: 'paid', amountCents: 1000 });
    const queue = new Queue('payouts', { connection: engine.infra.queueConnection, prefix: bullPrefix(engine.redisPrefix) });
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'payouts-daily', pattern: '0 2 * * *' })]);
    await queue.close();
  });
});

describe('paying a payout', () => {
  let transferQueue: Queue;

  beforeAll(() => {
    transferQueue = new Queue('payout-transfer', { connection: engine.infra.queueConnection, prefix: bullPrefix(engine.redisPrefix) });
  });
  afterAll(async () => {
    await transferQueue?.close();
  });

  it('pays a payout exactly once when its job runs twice and at the same time', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    await engine.services.payouts.createPayouts('2031-05-01');
    const payout = await onlyRowOf(kol);
    const jobId = payoutTransferJobId(payout.id);
    // A slow provider keeps every run inside its transfer at once, unless they take turns.
    sandbox().setLatency(150);
    const direct = await Promise.all([
      transfer()({ payoutId: payout.id }, FIRST_TRY),
      transfer()({ payoutId: payout.id }, FIRST_TRY),
      transfer()({ payoutId: payout.id }, FIRST_TRY),
      engine.infra.queues.add('payout-transfer', jobId, { payoutId: payout.id }).then(() => undefined),
      engine.infra.queues.add('payout-transfer', jobId, { payoutId: payout.id }).then(() => undefined),
    ]);
    await eventually(
      () => transferQueue.getJobState(jobId),
      (state) => state === 'completed',
    );
    sandbox().setLatency(0);
    const viaBullmq = (await transferQueue.getJob(jobId))?.returnvalue;
    const outcomes = [...direct.slice(0, 3), viaBullmq].map((r) => r?.outcome);
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-paid')).toHaveLength(3);

    const reference = `sbx_po_${payout.id}`;
    expect(sentTo(kol)).toEqual([expect.objectContaining({ payoutId: payout.id, amountCents: 1000, reference })]);
    expect(await onlyRowOf(kol)).toMatchObject({
      status: 'paid',
      providerReference: reference,
      paidAt: expect.any(Date),
      failureReason: null,
    });
    const booked = await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.payoutId, payout.id));
    expect(booked).toEqual([expect.objectContaining({ kind: 'payout', orderId: null, currency: 'CNY' })]);
    const entries = await db()
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.transactionId, booked[0]?.id ?? ''));
    expect(
      entries
        .map(({ account, userId, kind, amountCents, orderId }) => ({ account, userId, kind, amountCents, orderId }))
        .sort((a, b) => a.amountCents - b.amountCents),
    ).toEqual([
      { account: 'user_earnings', userId: kol.user.id, kind: 'payout', amountCents: -1000, orderId: null },
      { account: 'payout_clearing', userId: null, kind: 'payout_transfer', amountCents: 1000, orderId: null },
    ]);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    await expectBooksBalanced();
    // The KOL's earnings still show what was earned; the payout shows where it went.
    expect((await engine.http('GET', '/api/me/earnings', { token: kol.token })).body).toMatchObject({
      settledCents: 1000,
      pendingCents: 0,
    });
    expect(await payoutsOf(kol)).toEqual([
      expect.objectContaining({
        status: 'paid',
        amountCents: 1000,
        providerReference: reference,
        paidAt: expect.any(String),
        failureReason: null,
      }),
    ]);

    // The merchant's payout of that run had no job yet; the next run queues it.
    await runOn('2031-05-02')();
    await eventually(() => rowsOf(merchant), allFinished);
    expect(await balanceOf(merchant, 'merchant_payable')).toBe(0);
    await expectBooksBalanced();
  });

  it('a declined transfer leaves the payout failed with the reason, and a later run pays its balance', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    sandbox().failTransfersTo(kol.user.id, { mode: 'declined', reason: 'Bank account closed' });
    await runOn('2031-05-03')();
    const [failed] = await eventually(() => rowsOf(kol), allFinished);
    await eventually(() => rowsOf(merchant), allFinished);

    expect(failed).toMatchObject({ status: 'failed', failureReason: 'Bank account closed', failedAt: expect.any(Date), paidAt: null });
    expect(sentTo(kol)).toEqual([]);
    // Declines are not retried.
    await eventually(
      () => transferQueue.getJobState(payoutTransferJobId(failed?.id ?? '')),
      (state) => state === 'failed',
    );
    expect((await transferQueue.getJob(payoutTransferJobId(failed?.id ?? '')))?.attemptsMade).toBe(1);
    expect(await awaitingPayoutCents(kol)).toBe(1000);
    expect(await balanceOf(kol, 'user_earnings')).toBe(1000);
    expect(await payoutsOf(kol)).toEqual([
      expect.objectContaining({ status: 'failed', failureReason: 'Bank account closed', paidAt: null }),
    ]);
    // The merchant's payout of the same run went through.
    expect(await rowsOf(merchant)).toEqual([expect.objectContaining({ status: 'paid', amountCents: 8000 })]);

    sandbox().clearFailures(kol.user.id);
    await runOn('2031-05-04')();
    const rows = await eventually(
      () => rowsOf(kol),
      (r) => r.length === 2 && allFinished(r),
    );
    expect(rows.map((r) => [r.periodDate, r.status, r.amountCents])).toEqual([
      ['2031-05-03', 'failed', 1000],
      ['2031-05-04', 'paid', 1000],
    ]);
    expect(sentTo(kol).map((t) => t.amountCents)).toEqual([1000]);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    await expectBooksBalanced();
  });

  it('retries a provider outage with backoff and pays once the provider is back', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', times: 2 });
    await runOn('2031-05-05')();
    const [paid] = await eventually(() => rowsOf(kol), allFinished, 15_000);
    await eventually(() => rowsOf(merchant), allFinished);

    expect(paid).toMatchObject({ status: 'paid', amountCents: 1000 });
    // The payout is paid inside the job's last try; BullMQ counts that try once the job completes.
    const jobId = payoutTransferJobId(paid?.id ?? '');
    await eventually(
      () => transferQueue.getJobState(jobId),
      (state) => state === 'completed',
    );
    // Two failed tries, then the one that paid.
    expect((await transferQueue.getJob(jobId))?.attemptsMade).toBe(3);
    expect(sentTo(kol)).toHaveLength(1);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    await expectBooksBalanced();
  });

  it('gives up after PAYOUT_TRANSFER_ATTEMPTS tries of an outage, and fails the payout the provider never made', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', reason: 'Provider is down' });
    await runOn('2031-05-14')();
    const [failed] = await eventually(() => rowsOf(kol), allFinished, 15_000);
    await eventually(() => rowsOf(merchant), allFinished);

    expect(failed).toMatchObject({ status: 'failed', failureReason: 'Provider is down' });
    const jobId = payoutTransferJobId(failed?.id ?? '');
    await eventually(
      () => transferQueue.getJobState(jobId),
      (state) => state === 'failed',
    );
    expect((await transferQueue.getJob(jobId))?.attemptsMade).toBe(4);
    expect(sentTo(kol)).toEqual([]);
    expect(await awaitingPayoutCents(kol)).toBe(1000);
    sandbox().clearFailures(kol.user.id);
    await expectBooksBalanced();
  });

  it('an outage on the last attempt fails the payout, unless the provider confirms the transfer went through', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    await engine.services.payouts.createPayouts('2031-05-06');
    const payout = await onlyRowOf(kol);
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', reason: 'Provider timed out' });

    await expect(transfer()({ payoutId: payout.id }, FIRST_TRY)).rejects.toThrow('Provider timed out');
    expect(await onlyRowOf(kol)).toMatchObject({ status: 'sending', failureReason: null });
    expect(await awaitingPayoutCents(kol)).toBe(0);

    await expect(transfer()({ payoutId: payout.id }, LAST_TRY)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await onlyRowOf(kol)).toMatchObject({ status: 'failed', failureReason: 'Provider timed out' });
    expect(await awaitingPayoutCents(kol)).toBe(1000);
    expect(await transfer()({ payoutId: payout.id }, FIRST_TRY)).toEqual({
      outcome: 'already-failed',
      failureReason: 'Provider timed out',
    });

    // Its answer lost to the outage, an earlier attempt did pay: the last attempt records it as paid.
    await engine.services.payouts.createPayouts('2031-05-07');
    const [, again] = await rowsOf(kol);
    if (!again) throw new Error('the failed balance was not grouped again');
    sandbox().clearFailures(kol.user.id);
    await sandbox().transfer({ payoutId: again.id, userId: kol.user.id, amountCents: again.amountCents, currency: again.currency });
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', reason: 'Provider timed out' });
    expect(await transfer()({ payoutId: again.id }, LAST_TRY)).toEqual({ outcome: 'paid', providerReference: `sbx_po_${again.id}` });
    sandbox().clearFailures(kol.user.id);
    expect(sentTo(kol).map((t) => t.payoutId)).toEqual([again.id]);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);

    await runOn('2031-05-07')();
    await eventually(() => rowsOf(merchant), allFinished);
    await expectBooksBalanced();
  });

  it('a second run the same day after payment makes a new payout instead of adding to the paid one', async () => {
    const { kol, order } = await cast();
    const day = '2031-05-08';
    await order();
    await runOn(day)();
    const [first] = await eventually(() => rowsOf(kol), allFinished);

    await order();
    expect(await runOn(day)()).toMatchObject({ payouts: 2, totalCents: 9000 });
    const rows = await eventually(
      () => rowsOf(kol),
      (r) => r.length === 2 && allFinished(r),
    );
    expect(rows.map((r) => [r.periodDate, r.status, r.amountCents])).toEqual([
      [day, 'paid', 1000],
      [day, 'paid', 1000],
    ]);
    expect(rows[0]).toEqual(first);
    expect(sentTo(kol).map((t) => t.amountCents)).toEqual([1000, 1000]);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    await expectBooksBalanced();
  });

  it('finishes a payout left sending when the next daily run comes, without paying twice', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    await engine.services.payouts.createPayouts('2031-05-10');
    const stuck = await onlyRowOf(kol);
    // Every try failed and the provider could not say whether the money went: the job gave up, the payout stays sending.
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', times: 1 });
    await expect(transfer()({ payoutId: stuck.id }, FIRST_TRY)).rejects.toThrow();
    expect((await onlyRowOf(kol)).status).toBe('sending');

    await runOn('2031-05-11')();
    await eventually(() => rowsOf(kol), allFinished);
    await eventually(() => rowsOf(merchant), allFinished);
    expect(await onlyRowOf(kol)).toMatchObject({ id: stuck.id, status: 'paid', amountCents: 1000 });
    expect(sentTo(kol).map((t) => t.amountCents)).toEqual([1000]);
    // A second run finds nothing left to finish.
    await runOn('2031-05-12')();
    expect(sentTo(kol)).toHaveLength(1);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    await expectBooksBalanced();
  });

  it('leaves a payout whose job is still retrying to that job when the daily run comes again', async () => {
    const { merchant, kol, order } = await cast();
    await order();
    const day = '2031-05-13';
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable' });
    await runOn(day)();
    const [sending] = await eventually(
      () => rowsOf(kol),
      (r) => r[0]?.status === 'sending',
    );
    const jobId = payoutTransferJobId(sending?.id ?? '');
    await eventually(
      () => transferQueue.getJobState(jobId),
      (state) => state === 'delayed',
    );

    await runOn(day)();
    expect(await transferQueue.getJob(`${jobId}-again-${day}`)).toBeUndefined();

    sandbox().clearFailures(kol.user.id);
    await eventually(() => rowsOf(kol), allFinished, 15_000);
    await eventually(() => rowsOf(merchant), allFinished);
    expect(await onlyRowOf(kol)).toMatchObject({ status: 'paid', amountCents: 1000 });
    expect(sentTo(kol)).toHaveLength(1);
    await expectBooksBalanced();
  });

  it("a payout whose transfer started no longer grows: that day's new balance gets a payout of its own", async () => {
    const { merchant, kol, order } = await cast();
    const day = '2031-05-09';
    await order();
    await engine.services.payouts.createPayouts(day);
    const sending = await onlyRowOf(kol);
    sandbox().failTransfersTo(kol.user.id, { mode: 'unavailable', times: 1 });
    await expect(transfer()({ payoutId: sending.id }, FIRST_TRY)).rejects.toThrow();

    await order();
    expect(await engine.services.payouts.createPayouts(day)).toEqual({ payouts: 2, totalCents: 9000 });
    expect((await rowsOf(kol)).map((r) => [r.status, r.amountCents])).toEqual([
      ['sending', 1000],
      ['scheduled', 1000],
    ]);
    // The merchant's payout was still scheduled, so it grew.
    expect((await rowsOf(merchant)).map((r) => [r.status, r.amountCents])).toEqual([['scheduled', 16000]]);

    expect(await transfer()({ payoutId: sending.id }, FIRST_TRY)).toMatchObject({ outcome: 'paid' });
    await runOn(day)();
    await eventually(
      () => rowsOf(kol),
      (r) => r.length === 2 && allFinished(r),
    );
    await eventually(() => rowsOf(merchant), allFinished);
    expect(sentTo(kol).map((t) => t.amountCents)).toEqual([1000, 1000]);
    expect(sentTo(merchant).map((t) => t.amountCents)).toEqual([16000]);
    expect(await balanceOf(kol, 'user_earnings')).toBe(0);
    expect(await balanceOf(merchant, 'merchant_payable')).toBe(0);
    await expectBooksBalanced();
  });
});
