import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, payouts } from '../../db/schema/index.ts';
import { payoutRun } from '../../workers/src/processors/payouts.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

type Made = Awaited<ReturnType<ReturnType<typeof factories>['user']>>;

describe('the daily payout run', () => {
  let engine: TestEngine;
  let merchant: Made;
  let kol: Made;
  let buyer: Made;
  let streamId: string;
  let productId: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PLATFORM_FEE_BPS: '1000' } });
    const make = factories(engine);
    [merchant, kol, buyer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
    streamId = (await make.stream(kol.token)).id;
    productId = (await make.product(merchant.token, { priceCents: 10000, kolCommissionBps: 1000 })).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const db = () => engine.infra.database.db;
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
  const payoutsOf = async (user: Made) => (await engine.http('GET', '/api/me/payouts', { token: user.token })).body.items;

  it('pays each user one payout per account and day, and a second run that day adds only what settled since', async () => {
    await order();
    await order({ complete: false });
    const run = payoutRun({ ledger: engine.services.ledger, clock: { now: () => new Date('2031-03-04T02:00:00Z') } });

    expect(await run()).toEqual({ payouts: 2, totalCents: 1000 + 8000 });
    expect(await payoutsOf(kol)).toEqual([
      expect.objectContaining({ account: 'user_earnings', amountCents: 1000, periodDate: '2031-03-04' }),
    ]);
    expect(await payoutsOf(merchant)).toEqual([
      expect.objectContaining({ account: 'merchant_payable', amountCents: 8000, periodDate: '2031-03-04', status: 'scheduled' }),
    ]);
    expect(await run()).toEqual({ payouts: 0, totalCents: 0 });

    await order();
    expect(await run()).toEqual({ payouts: 2, totalCents: 9000 });
    expect((await payoutsOf(kol)).map((p: { amountCents: number }) => p.amountCents)).toEqual([2000]);
  });

  it('keeps a balance that a refund took below zero for a later run', async () => {
    const refunded = await order();
    const run = payoutRun({ ledger: engine.services.ledger, clock: { now: () => new Date('2031-03-05T02:00:00Z') } });
    await run();
    expect(await engine.http('POST', `/api/orders/${refunded}/refund`, { token: merchant.token })).toMatchObject({ status: 200 });

    expect(await run()).toEqual({ payouts: 0, totalCents: 0 });
    const waiting = await db().select().from(ledgerEntries).where(isNull(ledgerEntries.payoutId));
    expect(waiting.filter((e) => e.userId === kol.user.id && e.status === 'settled').map((e) => e.amountCents)).toEqual([-1000]);

    await order();
    const next = payoutRun({ ledger: engine.services.ledger, clock: { now: () => new Date('2031-03-06T02:00:00Z') } });
    expect(await next()).toEqual({ payouts: 0, totalCents: 0 });
    await order();
    expect(await next()).toEqual({ payouts: 2, totalCents: 1000 + 8000 });
  });

  it('runs through BullMQ and keeps a daily scheduler', async () => {
    await order();
    await engine.infra.queues.add('payouts', 'payouts-now', {});
    await eventually(
      () => db().select().from(payouts).where(eq(payouts.userId, kol.user.id)),
      (rows) => rows.some((r) => r.periodDate === new Date().toISOString().slice(0, 10)),
    );
    const { Queue } = await import('bullmq');
    const { bullPrefix } = await import('../src/jobs/queues.ts');
    const queue = new Queue('payouts', { connection: engine.infra.queueConnection, prefix: bullPrefix(engine.redisPrefix) });
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'payouts-daily', pattern: '0 2 * * *' })]);
    await queue.close();
  });
});
