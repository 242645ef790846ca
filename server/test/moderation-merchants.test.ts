import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, payouts } from '../../db/schema/index.ts';
import { payoutTransfer, payoutTransferJobId } from '../../workers/src/processors/payout-transfer.ts';
import { payoutRun } from '../../workers/src/processors/payouts.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';
import { makeAdmin } from './moderation-admin.ts';

describe('suspending and reinstating a merchant', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    admin = await makeAdmin(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const db = () => engine.infra.database.db;
  const suspend = (userId: string, body: unknown = { reason: 'Selling counterfeit goods' }, token = admin.token) =>
    engine.http('POST', `/api/admin/merchants/${userId}/suspend`, { token, body });
  const reinstate = (userId: string, token = admin.token) => engine.http('POST', `/api/admin/merchants/${userId}/reinstate`, { token });
  const merchants = async (query: string) => {
    const answer = await engine.http('GET', `/api/admin/merchants${query}`, { token: admin.token });
    expect(answer.status).toBe(200);
    return answer.body as { items: { id: string; [key: string]: unknown }[]; nextCursor: string | null };
  };
  const statusOf = async (merchant: Made, productId: string) =>
    (await engine.http('GET', `/api/products/${productId}`, { token: merchant.token })).body.status as string;
  const notificationsOf = async (user: Made) => (await engine.http('GET', '/api/me/notifications', { token: user.token })).body.items;
  const placePaidOrder = async (buyer: Made, productId: string, streamId?: string) => {
    const placed = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, ...(streamId ? { streamId } : {}) },
    });
    expect(placed.status).toBe(201);
    await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      () => engine.http('GET', `/api/orders/${placed.body.id}`, { token: buyer.token }).then((r) => r.body.status),
      (status) => status === 'paid',
    );
    return placed.body.id as string;
  };

  it('lists merchants by name or email and by status, newest first, with product and open report counts', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    const teas = await make.user(['merchant'], { displayName: `${tag} Teas` });
    const lamps = await make.user(['merchant'], { displayName: `${tag} Lamps` });
    await make.user(['kol'], { displayName: `${tag} Streamer` });
    const tea = await make.product(teas.token);
    await make.product(teas.token);
    const [a, b] = (await Promise.all([make.user(), make.user()])) as [Made, Made];
    for (const [reporter, targetType, targetId] of [
      [a, 'merchant', teas.user.id],
      [a, 'product', tea.id],
      [b, 'product', tea.id],
    ] as const) {
      await engine.http('POST', '/api/reports', { token: reporter.token, body: { targetType, targetId, reason: 'scam' } });
    }

    const found = await merchants(`?q=${tag.toUpperCase()}`);
    expect(found.items.map((m) => m.id)).toEqual([lamps.user.id, teas.user.id]);
    expect(found.items[1]).toEqual({
      id: teas.user.id,
      displayName: `${tag} Teas`,
      email: teas.user.email,
      createdAt: expect.any(String),
      productCount: 2,
      openReportCount: 3,
      suspension: null,
    });
    expect((await merchants(`?q=${encodeURIComponent(lamps.user.email)}`)).items.map((m) => m.id)).toEqual([lamps.user.id]);

    const first = await merchants(`?q=${tag}&limit=1`);
    expect(first.items.map((m) => m.id)).toEqual([lamps.user.id]);
    const second = await merchants(`?q=${tag}&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second).toEqual({ items: [expect.objectContaining({ id: teas.user.id })], nextCursor: null });

    expect((await suspend(lamps.user.id, { reason: 'Fake safety marks' })).status).toBe(200);
    expect((await merchants(`?q=${tag}&status=suspended`)).items).toEqual([
      expect.objectContaining({ id: lamps.user.id, suspension: { reason: 'Fake safety marks', at: expect.any(String) } }),
    ]);
    expect((await merchants(`?q=${tag}&status=active`)).items.map((m) => m.id)).toEqual([teas.user.id]);
    expect((await merchants('?q=%25')).items).toEqual([]);
    const bad = await engine.http('GET', '/api/admin/merchants?status=banned', { token: admin.token });
    expect(bad.status).toBe(400);
  });

  it('hides the products, empties showcases, cancels sales and blocks listing, editing and scheduling, while paid orders still ship', async () => {
    const merchant = await make.user(['merchant'], { displayName: 'Shady Shop' });
    const kol = await make.user(['kol']);
    const [buyer, reporter] = (await Promise.all([make.user(), make.user()])) as [Made, Made];
    const pinned = await make.product(merchant.token, { title: 'Pinned' });
    const active = await make.product(merchant.token, { title: 'Active' });
    const archived = await make.product(merchant.token, { title: 'Archived' });
    await engine.http('PATCH', `/api/products/${archived.id}`, { token: merchant.token, body: { status: 'archived' } });
    const downed = await make.product(merchant.token, { title: 'Downed' });
    await engine.http('POST', `/api/admin/products/${downed.id}/take-down`, { token: admin.token, body: { reason: 'Earlier take-down' } });

    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: pinned.id } });
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    await engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: pinned.id } });
    const later = { startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString() };
    const sale = await make.flashSale(merchant.token, { productId: active.id, quantity: 5, ...later });
    const toShip = await placePaidOrder(buyer, active.id);
    const toRefund = await placePaidOrder(buyer, active.id);
    await engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'merchant', targetId: merchant.user.id, reason: 'scam' },
    });
    await engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'product', targetId: active.id, reason: 'scam' },
    });

    const viewer = await engine.connect();
    await request(viewer, 'stream:join', { streamId: stream.id });
    const bagChanged = nextEvent(viewer, 'showcase:changed', (e) => e.streamId === stream.id);
    const unpinned = nextEvent(viewer, 'pin:changed', (e) => e.streamId === stream.id && e.product === null);

    const suspended = await suspend(merchant.user.id);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toEqual({
      id: merchant.user.id,
      displayName: 'Shady Shop',
      email: merchant.user.email,
      createdAt: expect.any(String),
      productCount: 4,
      openReportCount: 0,
      suspension: { reason: 'Selling counterfeit goods', at: expect.any(String) },
    });
    const again = await suspend(merchant.user.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_SUSPENDED');

    // Active products are suspended and hidden; archived and taken-down ones keep their status.
    expect(await statusOf(merchant, pinned.id)).toBe('suspended');
    expect(await statusOf(merchant, active.id)).toBe('suspended');
    expect(await statusOf(merchant, archived.id)).toBe('archived');
    expect(await statusOf(merchant, downed.id)).toBe('taken_down');
    expect((await engine.http('GET', `/api/products/${active.id}`, { token: buyer.token })).status).toBe(404);
    expect((await engine.http('GET', `/api/products?merchantId=${merchant.user.id}`)).body.items).toEqual([]);
    expect((await bagChanged).productIds).toEqual([]);
    await unpinned;
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status).toBe('cancelled');
    const buy = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: active.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(buy.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');

    // The merchant sees why, and can no longer list, edit or schedule.
    const me = await engine.http('GET', '/api/me', { token: merchant.token });
    expect(me.body.suspension).toEqual({ reason: 'Selling counterfeit goods', at: expect.any(String) });
    expect((await notificationsOf(merchant))[0]).toMatchObject({
      kind: 'merchant_suspended',
      payload: { reason: 'Selling counterfeit goods' },
    });
    const refused = [
      await engine.http('POST', '/api/products', {
        token: merchant.token,
        body: { title: 'New', priceCents: 100, stock: 1, kolCommissionBps: 0 },
      }),
      await engine.http('PATCH', `/api/products/${active.id}`, { token: merchant.token, body: { title: 'Renamed' } }),
      await engine.http('PATCH', `/api/products/${archived.id}`, { token: merchant.token, body: { status: 'active' } }),
      await engine.http('POST', '/api/flash-sales', {
        token: merchant.token,
        body: { productId: archived.id, priceCents: 100, quantity: 1, perUserLimit: 1, ...later },
      }),
      await engine.http('PATCH', `/api/flash-sales/${sale.id}`, { token: merchant.token, body: { quantity: 2 } }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('MERCHANT_SUSPENDED');
    }

    // Orders paid before the suspension still ship, deliver and refund.
    for (const step of ['ship', 'deliver']) {
      expect((await engine.http('POST', `/api/orders/${toShip}/${step}`, { token: merchant.token })).status).toBe(200);
    }
    expect((await engine.http('POST', `/api/orders/${toRefund}/refund`, { token: merchant.token })).status).toBe(200);

    // The reports on the merchant and on their products are actioned; the log has the suspension.
    const open = await engine.http('GET', '/api/admin/reports?limit=100', { token: admin.token });
    const openIds = open.body.items.map((c: { targetId: string }) => c.targetId);
    expect(openIds).not.toContain(merchant.user.id);
    expect(openIds).not.toContain(active.id);
    const actioned = await engine.http('GET', '/api/admin/reports?status=actioned&limit=2', { token: admin.token });
    expect(actioned.body.items.map((c: { targetId: string }) => c.targetId).sort()).toEqual([merchant.user.id, active.id].sort());
    expect(actioned.body.items.find((c: { targetId: string }) => c.targetId === merchant.user.id).target).toMatchObject({
      title: 'Shady Shop',
      status: 'suspended',
    });
    const log = await engine.http('GET', '/api/admin/moderation-log?limit=1', { token: admin.token });
    expect(log.body.items[0]).toMatchObject({
      action: 'suspend',
      targetType: 'merchant',
      targetId: merchant.user.id,
      targetTitle: 'Shady Shop',
      reason: 'Selling counterfeit goods',
    });

    // A taken-down product restored meanwhile stays hidden with the shop.
    const restored = await engine.http('POST', `/api/admin/products/${downed.id}/restore`, { token: admin.token });
    expect(restored.body).toMatchObject({ status: 'suspended', moderation: { reason: 'Selling counterfeit goods' } });

    // Reinstated: suspended products are back; the shop can list again.
    const back = await reinstate(merchant.user.id);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: merchant.user.id, suspension: null });
    expect(await statusOf(merchant, pinned.id)).toBe('active');
    expect(await statusOf(merchant, downed.id)).toBe('active');
    expect(await statusOf(merchant, archived.id)).toBe('archived');
    expect((await engine.http('GET', `/api/products/${active.id}`)).body).toMatchObject({ status: 'active', moderation: null });
    expect((await engine.http('GET', '/api/me', { token: merchant.token })).body.suspension).toBeNull();
    expect((await notificationsOf(merchant))[0]).toMatchObject({ kind: 'merchant_reinstated' });
    expect((await make.product(merchant.token)).id).toEqual(expect.any(String));
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status).toBe('cancelled');
    const reinstatedLog = await engine.http('GET', '/api/admin/moderation-log?limit=1', { token: admin.token });
    expect(reinstatedLog.body.items[0]).toMatchObject({ action: 'reinstate', targetId: merchant.user.id, reason: null });
    const twice = await reinstate(merchant.user.id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('NOT_SUSPENDED');
  });

  it('holds a suspended merchant’s payouts and pays them after reinstatement, with the books balanced', async () => {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const buyer = await make.user();
    const product = await make.product(merchant.token, { priceCents: 10000, kolCommissionBps: 1000 });
    // Live and offering the product, so its KOL earns on it (ADR 0012).
    const stream = await make.liveStream(kol.token, [product.id]);
    const ledgerOf = (user: Made) =>
      db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.userId, user.user.id), eq(ledgerEntries.kind, 'merchant_net')));
    /** Completes a paid order and waits until the merchant's net is settled on the ledger. */
    const settle = async (orderId: string) => {
      for (const step of ['ship', 'deliver']) await engine.http('POST', `/api/orders/${orderId}/${step}`, { token: merchant.token });
      await engine.http('POST', `/api/orders/${orderId}/complete`, { token: buyer.token });
      await eventually(
        () => ledgerOf(merchant),
        (rows) => rows.some((r) => r.orderId === orderId && r.status === 'settled'),
      );
    };
    const payoutsOf = (user: Made) => db().select().from(payouts).where(eq(payouts.userId, user.user.id)).orderBy(payouts.createdAt);
    const runOn = (day: string) =>
      payoutRun({ payouts: engine.services.payouts, queues: engine.services.queues, clock: { now: () => new Date(`${day}T02:00:00Z`) } });
    /** The settled balance of the merchant's payable account (what payouts take, minus what they paid). */
    const payableCents = async (user: Made) => {
      const [row] = await db()
        .select({ cents: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
        .from(ledgerEntries)
        .where(
          and(eq(ledgerEntries.userId, user.user.id), eq(ledgerEntries.account, 'merchant_payable'), eq(ledgerEntries.status, 'settled')),
        );
      return Number(row?.cents);
    };
    const sentTo = (user: Made) =>
      engine.services.payoutProvider.sentTransfers().filter((t: { userId: string }) => t.userId === user.user.id);

    const [first, second] = [await placePaidOrder(buyer, product.id, stream.id), await placePaidOrder(buyer, product.id, stream.id)];
    await settle(first);
    const firstNet = await payableCents(merchant);
    expect(firstNet).toBeGreaterThan(0);
    // The day's payouts exist before the suspension; their transfers were not sent yet.
    await engine.services.payouts.createPayouts('2032-01-01');
    const [scheduled] = await payoutsOf(merchant);
    expect(scheduled).toMatchObject({ status: 'scheduled', amountCents: firstNet });

    expect((await suspend(merchant.user.id)).status).toBe(200);
    // A transfer job queued before the suspension runs now: it sends nothing.
    expect(await payoutTransfer(engine.services)({ payoutId: scheduled?.id ?? '' }, { attemptsMade: 0, opts: { attempts: 3 } })).toEqual({
      outcome: 'held',
    });
    await engine.services.queues.add('payout-transfer', payoutTransferJobId(scheduled?.id ?? ''), { payoutId: scheduled?.id ?? '' });
    await eventually(
      () => engine.services.queues.isFinished('payout-transfer', payoutTransferJobId(scheduled?.id ?? '')),
      (finished) => finished,
    );

    // An order settled during the suspension makes no payout; the run pays the KOL and holds the merchant.
    await settle(second);
    await runOn('2032-01-02')();
    await eventually(
      () => db().select().from(payouts).where(eq(payouts.userId, kol.user.id)),
      (rows) => rows.length > 0 && rows.every((r) => r.status === 'paid'),
    );
    expect(await payoutsOf(merchant)).toEqual([
      expect.objectContaining({ id: scheduled?.id, status: 'scheduled', periodDate: '2032-01-01' }),
    ]);
    expect(sentTo(merchant)).toEqual([]);
    const heldCents = await payableCents(merchant);
    expect(heldCents).toBe(2 * firstNet);

    // Reinstated: the next run sends the held payout and pays the balance that waited.
    expect((await reinstate(merchant.user.id)).status).toBe(200);
    await runOn('2032-01-03')();
    const paid = await eventually(
      () => payoutsOf(merchant),
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'paid'),
    );
    expect(paid.map((p) => [p.periodDate, p.amountCents])).toEqual([
      ['2032-01-01', firstNet],
      ['2032-01-03', firstNet],
    ]);
    expect(sentTo(merchant).reduce((sum: number, t: { amountCents: number }) => sum + t.amountCents, 0)).toBe(heldCents);
    expect(await payableCents(merchant)).toBe(0);
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('answers 404 for an unknown account or one that is no merchant, 400 for a bad reason and 403 to non-admins', async () => {
    const viewer = await make.user();
    const merchant = await make.user(['merchant']);
    for (const answer of [await suspend('no-such-user'), await suspend(viewer.user.id), await reinstate('no-such-user')]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    for (const body of [{ reason: 'ab' }, { reason: 'x'.repeat(501) }, {}]) {
      const answer = await suspend(merchant.user.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const answer of [await suspend(merchant.user.id, undefined, merchant.token), await reinstate(merchant.user.id, merchant.token)]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
    }
    const notSuspended = await reinstate(merchant.user.id);
    expect(notSuspended.status).toBe(409);
    expect(notSuspended.body.error.code).toBe('NOT_SUSPENDED');
    expect((await engine.http('GET', '/api/me', { token: merchant.token })).body.suspension).toBeNull();
  });
});
