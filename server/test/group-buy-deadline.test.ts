import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, ledgerTransactions } from '../../db/schema/index.ts';
import { startWorkers } from '../../workers/src/start-workers.ts';
import { bullPrefix } from '../src/jobs/queues.ts';
import { createLogger } from '../src/logger.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

const UNFILLED = 'the group buy did not fill in time';

describe('a group buy that does not fill in time', () => {
  // Tests move the engine's clock to pass a group's deadline; every test starts at real time.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let streamId: string;
  let kolToken: string;
  let deadlineQueue: Queue;
  let settlementQueue: Queue;

  beforeAll(async () => {
    engine = await startTestEngine({ clock });
    make = factories(engine);
    merchant = await make.user(['merchant']);
    // Live, showcasing each offer's product: the offers show in it and its KOL earns on them (ADR 0012).
    kolToken = (await make.user(['kol'])).token;
    streamId = (await make.liveStream(kolToken, [])).id;
    const queue = (name: string) => new Queue(name, { connection: engine.infra.queueConnection, prefix: bullPrefix(engine.redisPrefix) });
    deadlineQueue = queue('group-deadline');
    settlementQueue = queue('order-settlement');
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await Promise.all([deadlineQueue?.close(), settlementQueue?.close()]);
    await engine?.close();
  });

  const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => make.user(['viewer'])));
  const stockOf = async (productId: string) => (await engine.http('GET', `/api/products/${productId}`)).body.stock as number;
  const offer = async (overrides: Record<string, unknown> = {}) => {
    const product = await make.product(merchant.token, { priceCents: 10000, stock: 10 });
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kolToken, body: { productId: product.id } });
    const created = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, streamId, groupPriceCents: 7000, groupSize: 3, windowMinutes: 60, ...overrides },
    });
    expect(created.status).toBe(201);
    return { productId: product.id, offerId: created.body.id as string };
  };
  const open = async (buyer: Made, offerId: string) => {
    const opened = await engine.http('POST', `/api/group-offers/${offerId}/groups`, {
      token: buyer.token,
      body: { shippingAddress: ADDRESS },
    });
    expect(opened.status).toBe(201);
    return opened.body as { group: { id: string; deadline: string }; order: { id: string; paymentId: string } };
  };
  const join = async (buyer: Made, groupId: string) => {
    const joined = await engine.http('POST', `/api/groups/${groupId}/join`, { token: buyer.token, body: { shippingAddress: ADDRESS } });
    expect(joined.status).toBe(201);
    return joined.body as { order: { id: string; paymentId: string } };
  };
  const pay = async (buyer: Made, paymentId: string) =>
    engine.http('POST', `/api/payments/${paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
  const orderOf = async (buyer: Made, orderId: string) =>
    (await engine.http('GET', `/api/orders/${orderId}`, { token: buyer.token })).body as {
      status: string;
      history: { to: string; reason: string | null }[];
    };
  const ledgerOf = async (orderId: string) =>
    engine.infra.database.db
      .select({ kind: ledgerTransactions.kind, entry: ledgerEntries.id })
      .from(ledgerTransactions)
      .leftJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
      .where(eq(ledgerTransactions.orderId, orderId));

  it('refunds each paid member and cancels the unpaid one when the deadline job fires, exactly once however often it runs', async () => {
    const { offerId, productId } = await offer();
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const watcher = await engine.connect();
    await request(watcher, 'stream:join', { streamId });

    const opened = await open(a, offerId);
    const groupId = opened.group.id;
    const joinedB = await join(b, groupId);
    const joinedC = await join(c, groupId);
    await pay(a, opened.order.paymentId);
    await pay(b, joinedB.order.paymentId);
    expect(await stockOf(productId)).toBe(7);
    expect((await engine.http('GET', `/api/groups/${groupId}`)).body).toMatchObject({ joined: 3, paid: 2, status: 'open' });

    // The deadline comes: the clock passes it and BullMQ runs the delayed job now.
    clock.offsetMs = 60 * 60_000 + 1000;
    const failed = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.status === 'failed');
    const job = await deadlineQueue.getJob(`group-deadline-${groupId}`);
    expect(job).toBeDefined();
    await job?.promote();
    expect(await failed).toMatchObject({ paid: 2, size: 3 });
    await eventually(
      () => orderOf(c, joinedC.order.id),
      (order) => order.status === 'cancelled',
    );

    // The job again, twice at once and once more: nobody is refunded twice.
    const reruns = await Promise.all([
      engine.services.groupBuys.closeAtDeadline(groupId),
      engine.services.groupBuys.closeAtDeadline(groupId),
    ]);
    expect(reruns).toEqual(['failed', 'failed']);
    expect(await engine.services.groupBuys.closeAtDeadline(groupId)).toBe('failed');

    for (const [buyer, orderId] of [
      [a, opened.order.id],
      [b, joinedB.order.id],
    ] as const) {
      const order = await orderOf(buyer, orderId);
      expect(order.status).toBe('refunded');
      expect(order.history.filter((h) => h.to === 'refunded')).toEqual([expect.objectContaining({ reason: UNFILLED })]);
      expect((await engine.services.payments.findPaymentOfOrder(orderId))?.status).toBe('refunded');
      // Held until the group filled, so never settled: one empty reversal and nothing else.
      expect(await ledgerOf(orderId)).toEqual([{ kind: 'order_refund', entry: null }]);
      expect(await settlementQueue.getJob(`order-settlement-${orderId}`)).toBeUndefined();
    }
    const unpaid = await orderOf(c, joinedC.order.id);
    expect(unpaid.history.filter((h) => h.to === 'cancelled')).toEqual([expect.objectContaining({ reason: UNFILLED })]);
    expect((await engine.services.payments.findPaymentOfOrder(joinedC.order.id))?.status).toBe('cancelled');
    expect((await pay(c, joinedC.order.paymentId)).body.error.code).toBe('PAYMENT_NOT_PENDING');

    expect(await stockOf(productId)).toBe(10);
    expect((await engine.http('GET', `/api/groups/${groupId}`)).body).toMatchObject({ status: 'failed', paid: 2, size: 3 });
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('does not let a payment that arrives after the deadline fill the group, and refunds everyone', async () => {
    const { offerId, productId } = await offer({ groupSize: 2 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId);
    const joinedB = await join(b, opened.group.id);
    await pay(a, opened.order.paymentId);

    clock.offsetMs = 60 * 60_000 + 1000;
    // The webhook refunds it at once, so the payment is already refunded when sandbox-pay answers.
    expect((await pay(b, joinedB.order.paymentId)).body.status).toBe('refunded');
    expect((await engine.http('GET', `/api/groups/${opened.group.id}`)).body.status).toBe('failed');
    expect((await orderOf(a, opened.order.id)).status).toBe('refunded');
    expect((await orderOf(b, joinedB.order.id)).status).toBe('refunded');
    expect(await stockOf(productId)).toBe(10);
    expect(await engine.services.groupBuys.closeAtDeadline(opened.group.id)).toBe('failed');
  });

  it('ignores a deadline job whose group was never written', async () => {
    expect(await engine.services.groupBuys.closeAtDeadline('a-group-that-was-rolled-back')).toBe('not-found');
  });

  // Last: it stops this engine's workers.
  it('fails a group whose deadline passed while the workers were down, once they are back', async () => {
    const { offerId, productId } = await offer({ windowMinutes: 1 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    await engine.workers?.close();

    // Opened 57 s ago by the clock, so its deadline job is due 3 s from now.
    clock.offsetMs = -57_000;
    const opened = await open(a, offerId);
    await pay(a, opened.order.paymentId);
    clock.offsetMs = 0;
    const deadline = Date.parse(opened.group.deadline);
    await eventually(
      async () => Date.now(),
      (now) => now > deadline + 200,
    );
    const tooLate = await engine.http('POST', `/api/groups/${opened.group.id}/join`, {
      token: b.token,
      body: { shippingAddress: ADDRESS },
    });
    expect(tooLate.body.error.code).toBe('GROUP_EXPIRED');
    expect((await engine.http('GET', `/api/groups/${opened.group.id}`)).body.status).toBe('open');
    expect(await (await deadlineQueue.getJob(`group-deadline-${opened.group.id}`))?.getState()).toBe('delayed');

    const restarted = await startWorkers({
      services: engine.services,
      connection: engine.infra.queueConnection,
      redisPrefix: engine.redisPrefix,
      log: createLogger('silent'),
    });
    try {
      await eventually(
        async () => (await engine.http('GET', `/api/groups/${opened.group.id}`)).body.status,
        (status) => status === 'failed',
      );
      // The group is marked failed first; its members are refunded right after.
      await eventually(
        async () => (await orderOf(a, opened.order.id)).status,
        (status) => status === 'refunded',
      );
      expect(await stockOf(productId)).toBe(10);
    } finally {
      await restarted.close();
    }
  });
});
