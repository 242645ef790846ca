import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, ledgerTransactions, orders, payments } from '../../db/schema/index.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent } from './live-client.ts';

describe('refunds', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let kol: Made;
  let sharer: Made;
  let buyer: Made;
  let adminToken: string;
  let streamId: string;
  let referralCode: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PLATFORM_FEE_BPS: '500', REFERRAL_SHARE_BPS: '2000' } });
    make = factories(engine);
    [merchant, kol, sharer, buyer] = await Promise.all([
      make.user(['merchant']),
      make.user(['kol']),
      make.user(['viewer']),
      make.user(['viewer']),
    ]);
    const someone = await make.user(['viewer']);
    adminToken = await engine.services.tokens.sign({ userId: someone.user.id, roles: ['admin'] });
    // Live; each test's product goes into its showcase, so its KOL earns on it (ADR 0012).
    streamId = (await make.liveStream(kol.token, [])).id;
    referralCode = (await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId } })).body.code;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const db = () => engine.infra.database.db;
  /** A product of the merchant, in the live stream's showcase. */
  const offeredProduct = async (overrides: Record<string, unknown> = {}) => {
    const product = await make.product(merchant.token, overrides);
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kol.token, body: { productId: product.id } });
    return product;
  };
  const stockOf = async (productId: string) => (await engine.http('GET', `/api/products/${productId}`)).body.stock as number;
  const ledgerOf = async (orderId: string) =>
    db()
      .select({
        txnKind: ledgerTransactions.kind,
        kind: ledgerEntries.kind,
        amountCents: ledgerEntries.amountCents,
        userId: ledgerEntries.userId,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .where(eq(ledgerEntries.orderId, orderId));
  const transactionsOf = async (orderId: string) =>
    db().select({ kind: ledgerTransactions.kind }).from(ledgerTransactions).where(eq(ledgerTransactions.orderId, orderId));

  /** An order marked paid straight in the database, with no settlement job queued: the test decides who runs first. */
  const paidOrderWithoutJob = async (productId: string) => {
    const order = await engine.services.orders.placeOrder(buyer.user.id, {
      items: [{ productId, quantity: 1 }],
      streamId,
      referralCode,
      shippingAddress: ADDRESS,
    });
    await db().update(orders).set({ status: 'paid' }).where(eq(orders.id, order.id));
    await db().update(payments).set({ status: 'succeeded' }).where(eq(payments.id, order.paymentId));
    return order.id;
  };

  it('reverses every entry the order earned, returns the stock, refunds the payment and tells the buyer', async () => {
    const product = await offeredProduct({ priceCents: 10000, stock: 10, kolCommissionBps: 1000 });
    const socket = await engine.connect(buyer.token);
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 2 }], streamId, referralCode, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    const settled = await eventually(
      () => ledgerOf(order.body.id),
      (lines) => lines.length > 0,
    );
    expect(Object.fromEntries(settled.map((l) => [l.kind, l.amountCents]))).toEqual({
      buyer_payment: -20000,
      platform_fee: 800,
      referral_commission: 200,
      kol_commission: 2000,
      merchant_net: 17000,
    });
    expect(await stockOf(product.id)).toBe(8);

    const refundedEvent = nextEvent(socket, 'order:update', (u) => u.orderId === order.body.id && u.status === 'refunded');
    const refund = await engine.http('POST', `/api/orders/${order.body.id}/refund`, {
      token: merchant.token,
      body: { reason: 'damaged in transit' },
    });
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    expect(refund.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'refunded', reason: 'refunded: damaged in transit' });
    await refundedEvent;

    expect(await stockOf(product.id)).toBe(10);
    expect((await engine.services.payments.findPaymentOfOrder(order.body.id))?.status).toBe('refunded');
    const lines = await ledgerOf(order.body.id);
    const reversal = lines.filter((l) => l.txnKind === 'order_refund');
    expect(reversal.map((l) => [l.kind, l.userId, l.amountCents]).sort()).toEqual(
      settled.map((l) => [l.kind, l.userId, -l.amountCents]).sort(),
    );
    expect(reversal.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
    for (const who of [kol, sharer]) {
      const earnings = await engine.http('GET', '/api/me/earnings', { token: who.token });
      const forOrder = earnings.body.entries.filter((e: { orderId: string }) => e.orderId === order.body.id);
      expect(forOrder.reduce((sum: number, e: { amountCents: number }) => sum + e.amountCents, 0)).toBe(0);
    }
    expect(await engine.services.ledger.settleOrder(order.body.id)).toBe('refunded');
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('lets the merchant or an admin refund but not the buyer, answers a second refund with 409, and replays an Idempotency-Key', async () => {
    const product = await offeredProduct({ priceCents: 3000, stock: 10 });
    const first = await paidOrderWithoutJob(product.id);
    const forbidden = await engine.http('POST', `/api/orders/${first}/refund`, { token: buyer.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const stranger = await make.user(['merchant']);
    expect((await engine.http('POST', `/api/orders/${first}/refund`, { token: stranger.token })).status).toBe(404);

    const headers = { 'idempotency-key': 'refund-once' };
    const refunded = await engine.http('POST', `/api/orders/${first}/refund`, { token: merchant.token, headers });
    expect(refunded.status).toBe(200);
    const replayed = await engine.http('POST', `/api/orders/${first}/refund`, { token: merchant.token, headers });
    expect(replayed).toEqual(refunded);
    const again = await engine.http('POST', `/api/orders/${first}/refund`, { token: merchant.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_ORDER_TRANSITION');

    const second = await paidOrderWithoutJob(product.id);
    expect((await engine.http('POST', `/api/orders/${second}/refund`, { token: adminToken })).body.status).toBe('refunded');
    expect(await stockOf(product.id)).toBe(10);
  });

  it('refuses to refund an order that was never paid', async () => {
    const product = await offeredProduct();
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    const refund = await engine.http('POST', `/api/orders/${order.body.id}/refund`, { token: merchant.token });
    expect(refund.status).toBe(409);
    expect(refund.body.error.code).toBe('INVALID_ORDER_TRANSITION');
  });

  it('credits nothing when the settlement job runs after the refund', async () => {
    const product = await offeredProduct({ stock: 5 });
    const orderId = await paidOrderWithoutJob(product.id);
    await engine.http('POST', `/api/orders/${orderId}/refund`, { token: merchant.token });

    expect(await engine.services.ledger.settleOrder(orderId)).toBe('refunded');
    expect(await ledgerOf(orderId)).toEqual([]);
    expect(await transactionsOf(orderId)).toEqual([{ kind: 'order_refund' }]);
  });

  it('keeps 40 orders exactly once and balanced when refunds race duplicate settlements', async () => {
    const product = await offeredProduct({ priceCents: 12345, stock: 100, kolCommissionBps: 777 });
    const orderIds: string[] = [];
    for (let i = 0; i < 40; i++) orderIds.push(await paidOrderWithoutJob(product.id));
    expect(await stockOf(product.id)).toBe(60);

    const ledger = engine.services.ledger;
    const admin = { userId: merchant.user.id, roles: ['admin'] };
    const later = <T>(ms: number, call: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => setTimeout(() => call().then(resolve, reject), ms));
    const outcomes = await Promise.all(
      orderIds.flatMap((id, i) => [
        // Staggered a few milliseconds apart in a different pattern per order, so both orders of events happen.
        later((i * 7) % 20, () => ledger.settleOrder(id)),
        later((i * 13) % 20, () => engine.services.orders.refundOrder(admin, id).then((o) => o.status)),
        later((i * 5) % 20, () => ledger.settleOrder(id)),
      ]),
    );
    // Each order settled at most once (a settlement that came first), and every refund went through.
    expect(outcomes.filter((o) => o === 'settled').length).toBeLessThanOrEqual(40);
    expect(outcomes.filter((o) => o === 'refunded').length).toBeGreaterThanOrEqual(40);
    const txns = await db()
      .select({ orderId: ledgerTransactions.orderId, kind: ledgerTransactions.kind })
      .from(ledgerTransactions)
      .where(inArray(ledgerTransactions.orderId, orderIds));
    for (const id of orderIds) {
      const kinds = txns.filter((t) => t.orderId === id).map((t) => t.kind);
      expect(kinds.filter((k) => k === 'order_refund')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'order_settlement').length).toBeLessThanOrEqual(1);
      const lines = await ledgerOf(id);
      expect(lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
      expect(lines.filter((l) => l.txnKind === 'order_refund')).toHaveLength(lines.filter((l) => l.txnKind === 'order_settlement').length);
    }
    const statuses = await db().select({ status: orders.status }).from(orders).where(inArray(orders.id, orderIds));
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['refunded']));
    expect(await stockOf(product.id)).toBe(100);
    expect(await ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('reverses commissions that had already settled when a completed order is refunded', async () => {
    const product = await offeredProduct({ priceCents: 5000, kolCommissionBps: 2000 });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], streamId, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    for (const step of ['ship', 'deliver']) await engine.http('POST', `/api/orders/${order.body.id}/${step}`, { token: merchant.token });
    await engine.http('POST', `/api/orders/${order.body.id}/complete`, { token: buyer.token });
    const kolLine = and(eq(ledgerEntries.orderId, order.body.id), eq(ledgerEntries.kind, 'kol_commission'));
    await eventually(
      () => db().select().from(ledgerEntries).where(kolLine),
      (rows) => rows[0]?.status === 'settled',
    );

    expect((await engine.http('POST', `/api/orders/${order.body.id}/refund`, { token: merchant.token })).body.status).toBe('refunded');
    const rows = await db().select().from(ledgerEntries).where(kolLine);
    expect(rows.map((r) => [r.amountCents, r.status]).sort()).toEqual([
      [-1000, 'settled'],
      [1000, 'settled'],
    ]);
  });
});
