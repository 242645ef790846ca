import { Queue } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupBuyMembers, ledgerTransactions } from '../../db/schema/index.ts';
import { bullPrefix } from '../src/jobs/queues.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe('group buys', () => {
  // Tests move the engine's clock forward to pass a group's deadline; every test starts at real time.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let kol: Made;
  let streamId: string;
  let settlementQueue: Queue;

  beforeAll(async () => {
    engine = await startTestEngine({ clock });
    make = factories(engine);
    [merchant, kol] = await Promise.all([make.user(['merchant']), make.user(['kol'])]);
    // Live: the KOL earns on what it offers, and showcases each offer's product (ADR 0012).
    streamId = (await make.liveStream(kol.token, [])).id;
    settlementQueue = new Queue('order-settlement', { connection: engine.infra.queueConnection, prefix: bullPrefix(engine.redisPrefix) });
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await settlementQueue?.close();
    await engine?.close();
  });

  const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => make.user(['viewer'])));
  const stockOf = async (productId: string) => (await engine.http('GET', `/api/products/${productId}`)).body.stock as number;
  const offer = async (overrides: Record<string, unknown> = {}) => {
    const product = await make.product(merchant.token, { priceCents: 10000, stock: 10, kolCommissionBps: 1000 });
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productId: product.id } });
    const created = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, streamId, groupPriceCents: 7000, groupSize: 3, windowMinutes: 60, ...overrides },
    });
    expect(created.status).toBe(201);
    return { productId: product.id, offerId: created.body.id as string };
  };
  const open = (buyer: Made, offerId: string, headers?: Record<string, string>) =>
    engine.http('POST', `/api/group-offers/${offerId}/groups`, {
      token: buyer.token,
      body: { shippingAddress: ADDRESS },
      ...(headers ? { headers } : {}),
    });
  const join = (buyer: Made, groupId: string, headers?: Record<string, string>) =>
    engine.http('POST', `/api/groups/${groupId}/join`, {
      token: buyer.token,
      body: { shippingAddress: ADDRESS },
      ...(headers ? { headers } : {}),
    });
  const pay = async (buyer: Made, paymentId: string) => {
    const paid = await engine.http('POST', `/api/payments/${paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.body.status).toBe('succeeded');
  };
  const orderStatus = async (buyer: Made, orderId: string) =>
    (await engine.http('GET', `/api/orders/${orderId}`, { token: buyer.token })).body.status as string;
  const settlementsOf = async (orderId: string) =>
    engine.infra.database.db
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.orderId, orderId), eq(ledgerTransactions.kind, 'order_settlement')));

  it('succeeds when every member paid, holding each settlement until then and settling each order once', async () => {
    const { offerId, productId } = await offer();
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const watcher = await engine.connect();
    expect((await request(watcher, 'stream:join', { streamId })).ok).toBe(true);

    const opened = await open(a, offerId);
    expect(opened.status).toBe(201);
    const groupId: string = opened.body.group.id;
    expect(opened.body.order).toMatchObject({ status: 'pending_payment', totalCents: 7000, currency: 'CNY' });
    expect(opened.body.order.paymentId).toEqual(expect.any(String));
    expect(opened.body.group).toMatchObject({ status: 'open', size: 3, joined: 1, paid: 0, groupPriceCents: 7000, streamId });
    expect(opened.body.group.shareUrl).toMatch(new RegExp(`/live/${streamId}\\?group=${groupId}$`));
    expect(Date.parse(opened.body.group.deadline) - Date.now()).toBeGreaterThan(59 * 60_000);

    await pay(a, opened.body.order.paymentId);
    expect(await orderStatus(a, opened.body.order.id)).toBe('paid');
    // Held: paid, but no settlement job until the group fills.
    expect(await settlementQueue.getJob(`order-settlement-${opened.body.order.id}`)).toBeUndefined();
    expect((await engine.http('GET', `/api/groups/${groupId}`)).body).toMatchObject({ joined: 1, paid: 1, size: 3, status: 'open' });

    const joinedB = await join(b, groupId);
    expect(joinedB.status).toBe(201);
    expect(joinedB.body.group).toMatchObject({ joined: 2, paid: 1 });
    const joinedC = await join(c, groupId);
    expect(joinedC.body.group).toMatchObject({ joined: 3, paid: 1 });
    await pay(b, joinedB.body.order.paymentId);
    expect(await settlementQueue.getJob(`order-settlement-${joinedB.body.order.id}`)).toBeUndefined();

    const succeeded = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.status === 'succeeded');
    await pay(c, joinedC.body.order.paymentId);
    expect(await succeeded).toMatchObject({ joined: 3, paid: 3, size: 3, streamId, offerId });
    expect((await engine.http('GET', `/api/groups/${groupId}`)).body).toMatchObject({ joined: 3, paid: 3, status: 'succeeded' });

    const orderIds = [opened, joinedB, joinedC].map((r) => r.body.order.id as string);
    for (const orderId of orderIds) {
      await eventually(
        () => settlementsOf(orderId),
        (rows) => rows.length === 1,
      );
    }
    // The deadline job still runs later; for a succeeded group it only makes sure the settlements exist.
    expect(await engine.services.groupBuys.closeAtDeadline(groupId)).toBe('succeeded');
    for (const orderId of orderIds) {
      expect(await engine.services.ledger.settleOrder(orderId)).toBe('already-settled');
      expect(await settlementsOf(orderId)).toHaveLength(1);
    }
    const kolEarnings = await engine.http('GET', '/api/me/earnings', { token: kol.token });
    expect(kolEarnings.body.pendingCents).toBeGreaterThanOrEqual(3 * 700);
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
    expect(await stockOf(productId)).toBe(7);

    const late = await join((await buyers(1))[0] as Made, groupId);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('GROUP_FULL');
  });

  it('tells each member how the group fills, in their own room', async () => {
    const { offerId } = await offer({ streamId: undefined, groupSize: 2 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    const socket = await engine.connect(a.token);
    const opened = await open(a, offerId);
    expect(opened.body.group.streamId).toBeNull();
    expect(opened.body.group.shareUrl).toMatch(/\/products\/.+\?group=/);
    const update = nextEvent(socket, 'group:update', (u) => u.id === opened.body.group.id && u.joined === 2);
    await join(b, opened.body.group.id);
    expect(await update).toMatchObject({ status: 'open', paid: 0, size: 2 });
  });

  it('ships a member order only once the group is complete (409 GROUP_NOT_COMPLETE before)', async () => {
    const { offerId } = await offer({ groupSize: 2 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId);
    await pay(a, opened.body.order.paymentId);
    const ship = (orderId: string) =>
      engine.http('POST', `/api/orders/${orderId}/ship`, { token: merchant.token, body: { carrier: 'SF', trackingNumber: 'SF1' } });

    const early = await ship(opened.body.order.id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('GROUP_NOT_COMPLETE');
    expect(await orderStatus(a, opened.body.order.id)).toBe('paid');

    const joined = await join(b, opened.body.group.id);
    await pay(b, joined.body.order.paymentId);
    expect((await engine.http('GET', `/api/groups/${opened.body.group.id}`)).body.status).toBe('succeeded');
    for (const [buyer, orderId] of [
      [a, opened.body.order.id],
      [b, joined.body.order.id],
    ] as const) {
      expect((await ship(orderId)).status).toBe(200);
      expect(await orderStatus(buyer, orderId)).toBe('shipped');
    }
  });

  it("frees an unpaid member's place when the order lapses, and tells the group's watchers", async () => {
    const { offerId } = await offer({ groupSize: 2 });
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const opened = await open(a, offerId);
    const groupId: string = opened.body.group.id;
    const joinedB = await join(b, groupId);
    expect((await join(c, groupId)).body.error.code).toBe('GROUP_FULL');

    const watcher = await engine.connect();
    expect((await request(watcher, 'group:watch', { groupId })).group).toMatchObject({ joined: 2 });
    const freed = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.joined === 1);
    // What the order-expiry job does when B's payment time is up.
    expect(await engine.services.orders.lapseUnpaidOrder(joinedB.body.order.id)).toBe('cancelled');
    expect(await freed).toMatchObject({ status: 'open', size: 2, paid: 0 });
    expect((await join(c, groupId)).status).toBe(201);
  });

  it('lets a member whose unpaid order lapsed join the same group again, pay with a new order and fill it', async () => {
    const { offerId, productId } = await offer({ groupSize: 2 });
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const opened = await open(a, offerId);
    const groupId: string = opened.body.group.id;
    await pay(a, opened.body.order.paymentId);
    const first = await join(b, groupId);
    expect(first.status).toBe(201);
    expect(await stockOf(productId)).toBe(8);

    const watcher = await engine.connect();
    expect((await request(watcher, 'group:watch', { groupId })).ok).toBe(true);
    const freed = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.joined === 1);
    expect(await engine.services.orders.lapseUnpaidOrder(first.body.order.id)).toBe('cancelled');
    expect(await freed).toMatchObject({ joined: 1, paid: 1, status: 'open' });
    expect(await stockOf(productId)).toBe(9);
    expect((await engine.http('GET', `/api/groups/${groupId}`, { token: b.token })).body).toMatchObject({ joined: 1, membership: null });

    const retaken = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.joined === 2);
    const again = await join(b, groupId);
    expect(again.status).toBe(201);
    expect(again.body.order.id).not.toBe(first.body.order.id);
    expect(again.body.order).toMatchObject({ status: 'pending_payment', totalCents: 7000 });
    expect(again.body.group).toMatchObject({ joined: 2, paid: 1, membership: { order: { id: again.body.order.id } } });
    expect(await retaken).toMatchObject({ joined: 2, paid: 1, status: 'open' });
    expect(await stockOf(productId)).toBe(8);
    // Back in: a third join by the same member, or anyone else's, is refused.
    expect((await join(b, groupId)).body.error.code).toBe('ALREADY_IN_GROUP');
    expect((await join(c, groupId)).body.error.code).toBe('GROUP_FULL');

    const filled = nextEvent(watcher, 'group:update', (u) => u.id === groupId && u.status === 'succeeded');
    await pay(b, again.body.order.paymentId);
    expect(await filled).toMatchObject({ joined: 2, paid: 2, size: 2 });
    for (const orderId of [opened.body.order.id, again.body.order.id]) {
      await eventually(
        () => settlementsOf(orderId),
        (rows) => rows.length === 1,
      );
    }
    // The lapsed order stays cancelled and settles nothing; its payment can no longer be made.
    expect(await orderStatus(b, first.body.order.id)).toBe('cancelled');
    expect(await settlementsOf(first.body.order.id)).toEqual([]);
    expect(
      (
        await engine.http('POST', `/api/payments/${first.body.order.paymentId}/sandbox-pay`, {
          token: b.token,
          body: { outcome: 'succeeded' },
        })
      ).body.error.code,
    ).toBe('PAYMENT_NOT_PENDING');
    expect((await engine.http('GET', `/api/groups/${groupId}`, { token: b.token })).body).toMatchObject({
      status: 'succeeded',
      joined: 2,
      paid: 2,
      membership: { order: { id: again.body.order.id, status: 'paid' } },
    });
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('lets only one of two joins racing back into a lapsed place in, also when the lapse was never recorded in the group', async () => {
    const { offerId, productId } = await offer({ groupSize: 3 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId);
    const first = await join(b, opened.body.group.id);
    expect(await engine.services.orders.lapseUnpaidOrder(first.body.order.id)).toBe('cancelled');
    const [left] = await engine.infra.database.db
      .update(groupBuyMembers)
      .set({ leftAt: null })
      .where(eq(groupBuyMembers.orderId, first.body.order.id))
      .returning();
    // As if the process stopped between the cancellation and telling the group.
    expect(left?.leftAt).toBeNull();
    const results = await Promise.all([join(b, opened.body.group.id), join(b, opened.body.group.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('ALREADY_IN_GROUP');
    expect((await engine.http('GET', `/api/groups/${opened.body.group.id}`)).body.joined).toBe(2);
    expect(await stockOf(productId)).toBe(8);
  });

  it('tells a signed-in caller whether they are in each group, with their order and its status', async () => {
    const { offerId } = await offer();
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId);
    const groupId: string = opened.body.group.id;
    const mine = { order: opened.body.order };
    expect(opened.body.group.membership).toMatchObject(mine);
    expect(Date.parse(opened.body.group.membership.joinedAt)).toBeGreaterThan(Date.now() - 60_000);

    const group = (token?: string) => engine.http('GET', `/api/groups/${groupId}`, token ? { token } : {});
    expect((await group()).body.membership).toBeNull();
    expect((await group(b.token)).body.membership).toBeNull();
    expect((await group(a.token)).body.membership).toMatchObject(mine);
    const offerFor = async (token: string) => (await engine.http('GET', `/api/group-offers/${offerId}`, { token })).body;
    expect((await offerFor(a.token)).openGroups).toEqual([
      expect.objectContaining({ id: groupId, membership: expect.objectContaining(mine) }),
    ]);
    expect((await offerFor(b.token)).openGroups).toEqual([expect.objectContaining({ id: groupId, membership: null })]);
    const listed = await engine.http('GET', `/api/group-offers?streamId=${streamId}`, { token: a.token });
    const listedGroup = listed.body.items.find((o: { id: string }) => o.id === offerId).openGroups[0];
    expect(listedGroup).toMatchObject({ id: groupId, membership: mine });

    // A socket that watches the group with the member's token sees the same place.
    const socket = await engine.connect(a.token);
    expect((await request(socket, 'group:watch', { groupId })).group).toMatchObject({ id: groupId, membership: mine });

    await pay(a, opened.body.order.paymentId);
    expect((await group(a.token)).body.membership.order).toMatchObject({ id: opened.body.order.id, status: 'paid' });
    const joinedB = await join(b, groupId);
    expect(joinedB.body.group.membership).toMatchObject({ order: { id: joinedB.body.order.id, status: 'pending_payment' } });
    expect((await group(b.token)).body).toMatchObject({ joined: 2, membership: { order: { id: joinedB.body.order.id } } });
    expect((await group(a.token)).body.membership.order.id).toBe(opened.body.order.id);
  });

  it('answers 409 GROUP_FULL when every place is taken, and takes no stock for the refused order', async () => {
    const { offerId, productId } = await offer({ groupSize: 2 });
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const opened = await open(a, offerId);
    expect((await join(b, opened.body.group.id)).status).toBe(201);
    expect(await stockOf(productId)).toBe(8);

    const full = await join(c, opened.body.group.id);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('GROUP_FULL');
    expect(await stockOf(productId)).toBe(8);
  });

  it('lets only one of two buyers racing for the last place in', async () => {
    const { offerId, productId } = await offer({ groupSize: 2 });
    const [a, b, c] = (await buyers(3)) as [Made, Made, Made];
    const opened = await open(a, offerId);
    const results = await Promise.all([join(b, opened.body.group.id), join(c, opened.body.group.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('GROUP_FULL');
    expect(await stockOf(productId)).toBe(8);
  });

  it('answers 409 GROUP_EXPIRED after the deadline, even before the deadline job ran', async () => {
    const { offerId } = await offer({ windowMinutes: 5 });
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId);
    clock.offsetMs = 5 * 60_000 + 1000;
    const expired = await join(b, opened.body.group.id);
    expect(expired.status).toBe(409);
    expect(expired.body.error.code).toBe('GROUP_EXPIRED');
  });

  it('answers 409 ALREADY_IN_GROUP when a member joins again, and replays an Idempotency-Key instead', async () => {
    const { offerId, productId } = await offer();
    const [a, b] = (await buyers(2)) as [Made, Made];
    const opened = await open(a, offerId, { 'idempotency-key': 'open-once' });
    const again = await join(a, opened.body.group.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_IN_GROUP');

    const replayedOpen = await open(a, offerId, { 'idempotency-key': 'open-once' });
    expect(replayedOpen.status).toBe(201);
    expect(replayedOpen.body.group.id).toBe(opened.body.group.id);
    expect(replayedOpen.body.order).toEqual(opened.body.order);

    const headers = { 'idempotency-key': 'join-once' };
    const [first, second] = await Promise.all([join(b, opened.body.group.id, headers), join(b, opened.body.group.id, headers)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.order.id).toBe(first.body.order.id);
    expect((await engine.http('GET', `/api/groups/${opened.body.group.id}`)).body.joined).toBe(2);
    expect(await stockOf(productId)).toBe(8);
  });

  it('validates offers and memberships with 400, 403 and 404', async () => {
    const product = await make.product(merchant.token, { priceCents: 10000 });
    const body = { productId: product.id, groupPriceCents: 7000, groupSize: 3, windowMinutes: 60 };
    const create = (token: string, patch: Record<string, unknown>) =>
      engine.http('POST', '/api/group-offers', { token, body: { ...body, ...patch } });

    for (const patch of [
      { groupSize: 1 },
      { windowMinutes: 0 },
      { groupPriceCents: 0 },
      { groupPriceCents: 10000 },
      { productId: undefined },
    ]) {
      const refused = await create(merchant.token, patch);
      expect(refused.status, JSON.stringify(patch)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    const [viewer] = (await buyers(1)) as [Made];
    expect((await create(viewer.token, {})).status).toBe(403);
    expect((await create((await make.user(['merchant'])).token, {})).body.error.code).toBe('FORBIDDEN');
    expect((await create(merchant.token, { streamId: 'no-such-stream' })).status).toBe(404);
    expect((await engine.http('POST', '/api/group-offers', { body })).status).toBe(401);

    const { offerId } = await offer();
    const noAddress = await engine.http('POST', `/api/group-offers/${offerId}/groups`, { token: viewer.token, body: {} });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.code).toBe('VALIDATION_FAILED');
    expect((await open(viewer, 'no-such-offer')).status).toBe(404);
    expect((await join(viewer, 'no-such-group')).status).toBe(404);
    expect((await engine.http('GET', '/api/groups/no-such-group')).status).toBe(404);

    const listed = await engine.http('GET', `/api/group-offers?streamId=${streamId}`);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(offerId);
    expect((await engine.http('GET', `/api/group-offers/${offerId}`)).body).toMatchObject({ listPriceCents: 10000, openGroups: [] });
  });
});
