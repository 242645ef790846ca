import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, ledgerTransactions, orderStatusHistory, refundRequests } from '../../db/schema/index.ts';
import { REFUND_REQUEST_TRANSITIONS } from '../src/domains/orders/transitions.ts';
import { unreachableStates } from '../src/state-machine.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent } from './live-client.ts';

const DAY_MS = 24 * 3600_000;

/** Buyers, a merchant, a KOL's stream and a sharer's link on one engine, with helpers to move orders along. */
function marketplace(engine: () => TestEngine) {
  const m = {
    merchant: undefined as unknown as Made,
    kol: undefined as unknown as Made,
    sharer: undefined as unknown as Made,
    buyer: undefined as unknown as Made,
    streamId: '',
    referralCode: '',
  };
  const db = () => engine().infra.database.db;
  const http = (method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }) =>
    engine().http(method, url, options);

  /** The entries the order's settlement wrote, with their status. */
  const settlementEntries = (orderId: string) =>
    db()
      .select({
        kind: ledgerEntries.kind,
        status: ledgerEntries.status,
        amountCents: ledgerEntries.amountCents,
        payoutId: ledgerEntries.payoutId,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .where(and(eq(ledgerEntries.orderId, orderId), eq(ledgerTransactions.kind, 'order_settlement')));
  /** Every ledger line of the order, settlement and reversal. */
  const ledgerOf = (orderId: string) =>
    db()
      .select({ txnKind: ledgerTransactions.kind, kind: ledgerEntries.kind, amountCents: ledgerEntries.amountCents })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .where(eq(ledgerEntries.orderId, orderId));
  const transactionsOf = (orderId: string) =>
    db().select({ kind: ledgerTransactions.kind }).from(ledgerTransactions).where(eq(ledgerTransactions.orderId, orderId));

  return Object.assign(m, {
    async setUp() {
      const make = factories(engine());
      [m.merchant, m.kol, m.sharer, m.buyer] = await Promise.all([
        make.user(['merchant'], { displayName: 'Silk Road Studio' }),
        make.user(['kol']),
        make.user(['viewer']),
        make.user(['viewer'], { displayName: 'Han Meimei' }),
      ]);
      // Live, and offering each product made below, so its KOL earns on them (ADR 0012).
      m.streamId = (await make.liveStream(m.kol.token, [])).id;
      m.referralCode = (await http('POST', '/api/share-links', { token: m.sharer.token, body: { streamId: m.streamId } })).body.code;
    },
    async product(overrides: Record<string, unknown> = {}) {
      const product = await factories(engine()).product(m.merchant.token, {
        priceCents: 10000,
        stock: 10,
        kolCommissionBps: 1000,
        ...overrides,
      });
      await http('POST', `/api/streams/${m.streamId}/showcase`, { token: m.kol.token, body: { productId: product.id } });
      return product;
    },
    stockOf: async (productId: string) => (await http('GET', `/api/products/${productId}`)).body.stock as number,
    /** A paid order from the KOL's stream through the sharer's link, its settlement written (entries pending). */
    async paidOrder(productId: string, quantity = 1): Promise<string> {
      const placed = await http('POST', '/api/orders', {
        token: m.buyer.token,
        body: { items: [{ productId, quantity }], streamId: m.streamId, referralCode: m.referralCode, shippingAddress: ADDRESS },
      });
      expect(placed.status).toBe(201);
      await http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, { token: m.buyer.token, body: { outcome: 'succeeded' } });
      await eventually(
        () => settlementEntries(placed.body.id),
        (entries) => entries.length > 0,
      );
      return placed.body.id;
    },
    async moved(orderId: string, ...steps: ('ship' | 'deliver' | 'complete')[]): Promise<void> {
      for (const step of steps) {
        const token = step === 'complete' ? m.buyer.token : m.merchant.token;
        const answer = await http('POST', `/api/orders/${orderId}/${step}`, { token });
        expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).toBe(200);
      }
    },
    requestRefund: (orderId: string, body: unknown = { reason: 'damaged', details: 'The box arrived crushed' }, token = m.buyer.token) =>
      http('POST', `/api/orders/${orderId}/refund-request`, { token, body }),
    approve: (orderId: string, token = m.merchant.token) => http('POST', `/api/orders/${orderId}/refund-request/approve`, { token }),
    decline: (orderId: string, reason: unknown = 'The photos show it was damaged after delivery', token = m.merchant.token) =>
      http('POST', `/api/orders/${orderId}/refund-request/decline`, { token, body: { reason } }),
    order: async (orderId: string, token = m.buyer.token) => (await http('GET', `/api/orders/${orderId}`, { token })).body,
    myOrder: async (orderId: string) =>
      ((await http('GET', '/api/me/orders?limit=100', { token: m.buyer.token })).body.items as { id: string }[]).find(
        (o) => o.id === orderId,
      ),
    notificationsOf: async (user: Made) =>
      (await http('GET', '/api/me/notifications?limit=100', { token: user.token })).body.items as {
        kind: string;
        payload: Record<string, unknown>;
      }[],
    settlementEntries,
    ledgerOf,
    transactionsOf,
    /** Everything the order earned is reversed exactly once, and the books balance. */
    async expectReversedOnce(orderId: string): Promise<void> {
      const kinds = (await transactionsOf(orderId)).map((t) => t.kind).sort();
      expect(kinds).toEqual(['order_refund', 'order_settlement']);
      const lines = await ledgerOf(orderId);
      const settled = lines.filter((l) => l.txnKind === 'order_settlement');
      const reversal = lines.filter((l) => l.txnKind === 'order_refund');
      expect(settled.length).toBeGreaterThan(0);
      expect(reversal.map((l) => [l.kind, -l.amountCents]).sort()).toEqual(settled.map((l) => [l.kind, l.amountCents]).sort());
      expect(lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
      for (const who of [m.kol, m.sharer, m.merchant]) {
        const earnings = (await http('GET', '/api/me/earnings', { token: who.token })).body;
        const forOrder = earnings.entries.filter((e: { orderId: string }) => e.orderId === orderId);
        expect(forOrder.reduce((sum: number, e: { amountCents: number }) => sum + e.amountCents, 0)).toBe(0);
      }
      expect(await engine().services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
    },
  });
}

describe('after-sales: cancelling before shipping and refund requests', () => {
  let engine: TestEngine;
  const market = marketplace(() => engine);
  let adminToken: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PLATFORM_FEE_BPS: '500', REFERRAL_SHARE_BPS: '2000' } });
    await market.setUp();
    const someone = await factories(engine).user(['viewer']);
    adminToken = await engine.services.tokens.sign({ userId: someone.user.id, roles: ['admin'] });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('the refund request statuses are a transition table in which every status is reachable', () => {
    expect(unreachableStates(REFUND_REQUEST_TRANSITIONS, 'requested')).toEqual([]);
    expect(REFUND_REQUEST_TRANSITIONS.approved).toEqual([]);
    expect(REFUND_REQUEST_TRANSITIONS.declined).toEqual([]);
  });

  it('a buyer cancels a paid order before it ships: refunded at once, stock back, commissions reversed once, merchant told', async () => {
    const product = await market.product({ stock: 10 });
    const orderId = await market.paidOrder(product.id, 2);
    expect(await market.stockOf(product.id)).toBe(8);
    const socket = await engine.connect(market.buyer.token);
    const refundedEvent = nextEvent(socket, 'order:update', (u) => u.orderId === orderId && u.status === 'refunded');

    const headers = { 'idempotency-key': 'cancel-once' };
    const cancelled = await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: market.buyer.token, headers });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('refunded');
    expect(cancelled.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'refunded', reason: 'cancelled by the buyer before shipping' });
    expect(cancelled.body.refundRequest).toBeNull();
    await refundedEvent;

    expect(await market.stockOf(product.id)).toBe(10);
    expect((await engine.services.payments.findPaymentOfOrder(orderId))?.status).toBe('refunded');
    await market.expectReversedOnce(orderId);
    const told = (await market.notificationsOf(market.merchant)).filter((n) => n.kind === 'order_cancelled');
    expect(told.map((n) => n.payload)).toEqual([{ orderId, reason: 'cancelled by the buyer before shipping' }]);

    // The same key answers the same; without it, a second cancel is a clear 409, and nothing moves twice.
    expect(await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: market.buyer.token, headers })).toEqual(cancelled);
    const again = await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: market.buyer.token });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'ORDER_NOT_CANCELLABLE', message: 'This order is already refunded' });
    expect(await market.stockOf(product.id)).toBe(10);
    await market.expectReversedOnce(orderId);
    expect(await engine.services.ledger.settleOrder(orderId)).toBe('refunded');
  });

  it('a cancelled flash-sale order gives its units back the way a merchant refund does', async () => {
    const product = await market.product({ stock: 10 });
    const sale = await factories(engine).flashSale(market.merchant.token, {
      productId: product.id,
      quantity: 4,
      perUserLimit: 2,
      priceCents: 5000,
    });
    expect(await market.stockOf(product.id)).toBe(6);
    const cancelledOne = async () => {
      const hold = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, {
        token: market.buyer.token,
        body: { quantity: 1 },
      });
      expect(hold.status).toBe(201);
      const placed = await engine.http('POST', '/api/orders', {
        token: market.buyer.token,
        body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
      });
      await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, {
        token: market.buyer.token,
        body: { outcome: 'succeeded' },
      });
      await eventually(
        () => market.order(placed.body.id),
        (o) => o.status === 'paid',
      );
      return placed.body.id as string;
    };
    const byMerchant = await cancelledOne();
    expect((await engine.http('POST', `/api/orders/${byMerchant}/refund`, { token: market.merchant.token })).body.status).toBe('refunded');
    const afterMerchantRefund = await market.stockOf(product.id);
    const byBuyer = await cancelledOne();
    expect((await engine.http('POST', `/api/orders/${byBuyer}/cancel`, { token: market.buyer.token })).body.status).toBe('refunded');
    expect(await market.stockOf(product.id)).toBe(afterMerchantRefund + 1);
  });

  it('a buyer cancels an unpaid order: cancelled, stock back, and it can no longer be paid', async () => {
    const product = await market.product({ stock: 5 });
    const placed = await engine.http('POST', '/api/orders', {
      token: market.buyer.token,
      body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: ADDRESS },
    });
    expect(await market.stockOf(product.id)).toBe(3);
    expect(await market.myOrder(placed.body.id)).toMatchObject({ canCancel: true, canRequestRefund: false, refundRequest: null });

    const cancelled = await engine.http('POST', `/api/orders/${placed.body.id}/cancel`, { token: market.buyer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.history.at(-1)).toMatchObject({ from: 'pending_payment', to: 'cancelled', reason: 'cancelled by the buyer' });
    expect(await market.stockOf(product.id)).toBe(5);
    expect((await engine.services.payments.findPaymentOfOrder(placed.body.id))?.status).toBe('cancelled');
    const pay = await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, {
      token: market.buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(409);
    expect(await market.myOrder(placed.body.id)).toMatchObject({ status: 'cancelled', canCancel: false });
    expect((await engine.http('POST', `/api/orders/${placed.body.id}/cancel`, { token: market.buyer.token })).body.error.code).toBe(
      'ORDER_NOT_CANCELLABLE',
    );
  });

  it('only the buyer cancels, and only before the parcel ships', async () => {
    const product = await market.product();
    const orderId = await market.paidOrder(product.id);
    const byMerchant = await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: market.merchant.token });
    expect(byMerchant.status).toBe(403);
    expect(byMerchant.body.error.code).toBe('FORBIDDEN');
    expect((await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: adminToken })).status).toBe(403);
    const stranger = await factories(engine).user(['viewer']);
    expect((await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: stranger.token })).body.error.code).toBe('NOT_FOUND');
    expect((await engine.http('POST', '/api/orders/no-such-order/cancel', { token: market.buyer.token })).status).toBe(404);

    await market.moved(orderId, 'ship');
    const shipped = await engine.http('POST', `/api/orders/${orderId}/cancel`, { token: market.buyer.token });
    expect(shipped.status).toBe(409);
    expect(shipped.body.error).toEqual({ code: 'ORDER_NOT_CANCELLABLE', message: 'This order has shipped: ask for a refund instead' });
    expect((await market.order(orderId)).status).toBe('shipped');
  });

  it('request → approve: the merchant is told, the order is refunded and everything it earned reversed exactly once', async () => {
    const product = await market.product({ stock: 10 });
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship');
    expect(await market.myOrder(orderId)).toMatchObject({ canCancel: false, canRequestRefund: true, refundRequest: null });

    const before = Date.now();
    const created = await market.requestRefund(orderId, { reason: 'damaged', details: '  The box arrived crushed  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderId, status: 'requested', reason: 'damaged', details: 'The box arrived crushed' });
    expect(Date.parse(created.body.respondBy) - Date.parse(created.body.createdAt)).toBe(48 * 3600_000);
    expect(Date.parse(created.body.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    const told = (await market.notificationsOf(market.merchant)).find(
      (n) => n.kind === 'refund_requested' && n.payload.orderId === orderId,
    );
    expect(told?.payload).toEqual({
      orderId,
      requestId: created.body.id,
      reason: 'damaged',
      details: 'The box arrived crushed',
      respondBy: created.body.respondBy,
    });

    // Every order view carries the open request; the merchant's filter finds it.
    const view = { ...created.body, answeredAt: null, declineReason: null };
    delete view.orderId;
    expect((await market.order(orderId)).refundRequest).toEqual(view);
    expect(await market.myOrder(orderId)).toMatchObject({ canRequestRefund: false, refundRequest: view });
    const open = await engine.http('GET', '/api/merchants/me/orders?refundRequest=open', { token: market.merchant.token });
    expect(open.body.items.map((o: { id: string }) => o.id)).toContain(orderId);
    expect(open.body.items.every((o: { refundRequest: { status: string } }) => o.refundRequest.status === 'requested')).toBe(true);

    const second = await market.requestRefund(orderId, { reason: 'other' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('REFUND_ALREADY_REQUESTED');

    const approved = await market.approve(orderId);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('refunded');
    expect(approved.body.refundRequest).toMatchObject({ id: created.body.id, status: 'approved', declineReason: null });
    expect(Date.parse(approved.body.refundRequest.answeredAt)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));
    expect(approved.body.history.at(-1)).toMatchObject({ from: 'shipped', to: 'refunded' });
    expect(await market.stockOf(product.id)).toBe(10);
    await market.expectReversedOnce(orderId);
    const buyerTold = (await market.notificationsOf(market.buyer)).filter(
      (n) => n.kind === 'refund_approved' && n.payload.orderId === orderId,
    );
    expect(buyerTold.map((n) => n.payload)).toEqual([
      { orderId, requestId: created.body.id, reason: 'damaged', isAutomatic: false, totalCents: 10000, currency: 'CNY' },
    ]);
    const openAfter = await engine.http('GET', '/api/merchants/me/orders?refundRequest=open', { token: market.merchant.token });
    expect(openAfter.body.items.map((o: { id: string }) => o.id)).not.toContain(orderId);

    // A second answer is refused, and the response-time job that runs later changes nothing.
    const twice = await market.approve(orderId);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toEqual({ code: 'REFUND_REQUEST_ANSWERED', message: 'This refund request was already approved' });
    expect(await engine.services.refundRequests.approveUnanswered(created.body.id)).toBe('already-approved');
    await market.expectReversedOnce(orderId);
    expect(
      (await market.notificationsOf(market.buyer)).filter((n) => n.kind === 'refund_approved' && n.payload.orderId === orderId),
    ).toHaveLength(1);
    expect((await market.requestRefund(orderId)).body.error.code).toBe('REFUND_NOT_REQUESTABLE');
  });

  it('request → decline: commissions stay pending while the request is open, then settle as usual once declined', async () => {
    const product = await market.product();
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship', 'deliver');
    expect((await market.requestRefund(orderId, { reason: 'not_as_described' })).status).toBe(201);

    // The buyer confirms receipt meanwhile: the order completes, but its commissions job settles nothing.
    await market.moved(orderId, 'complete');
    await eventually(
      () => engine.services.queues.isFinished('commission-settlement', `commission-settlement-${orderId}`),
      (finished) => finished,
    );
    expect(new Set((await market.settlementEntries(orderId)).map((e) => e.status))).toEqual(new Set(['pending']));
    expect(await engine.services.ledger.settleCommissions(orderId)).toBe(0);

    const tooShort = await market.decline(orderId, 'no');
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.code).toBe('VALIDATION_FAILED');
    expect(tooShort.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);

    const declined = await market.decline(orderId, 'The photos show the scarf as described');
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('completed');
    expect(declined.body.refundRequest).toMatchObject({ status: 'declined', declineReason: 'The photos show the scarf as described' });
    const entries = await eventually(
      () => market.settlementEntries(orderId),
      (rows) => rows.every((e) => e.status === 'settled'),
    );
    expect(entries.find((e) => e.kind === 'kol_commission')?.amountCents).toBe(1000);
    const buyerTold = (await market.notificationsOf(market.buyer)).filter(
      (n) => n.kind === 'refund_declined' && n.payload.orderId === orderId,
    );
    expect(buyerTold.map((n) => n.payload)).toEqual([
      { orderId, requestId: declined.body.refundRequest.id, reason: 'The photos show the scarf as described' },
    ]);
    expect(await market.myOrder(orderId)).toMatchObject({ canRequestRefund: true, refundRequest: { status: 'declined' } });
    expect((await market.decline(orderId)).body.error.code).toBe('REFUND_REQUEST_ANSWERED');
    expect(await engine.services.refundRequests.approveUnanswered(declined.body.refundRequest.id)).toBe('declined');
    expect((await market.order(orderId)).status).toBe('completed');
    expect(await market.transactionsOf(orderId)).toEqual([{ kind: 'order_settlement' }]);
  });

  it('a request on a completed order takes its unpaid settled commissions back to pending, so no payout pays them', async () => {
    const product = await market.product({ priceCents: 20000 });
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship', 'deliver', 'complete');
    await eventually(
      () => market.settlementEntries(orderId),
      (rows) => rows.every((e) => e.status === 'settled'),
    );
    expect(await market.myOrder(orderId)).toMatchObject({ status: 'completed', canRequestRefund: true });

    expect((await market.requestRefund(orderId, { reason: 'wrong_item' })).status).toBe(201);
    expect(new Set((await market.settlementEntries(orderId)).map((e) => e.status))).toEqual(new Set(['pending']));
    await engine.services.payouts.createPayouts('2031-01-02');
    expect((await market.settlementEntries(orderId)).every((e) => e.payoutId === null)).toBe(true);

    // An admin may answer for the merchant.
    const approved = await market.approve(orderId, adminToken);
    expect(approved.body).toMatchObject({ status: 'refunded', refundRequest: { status: 'approved' } });
    await market.expectReversedOnce(orderId);
  });

  it('refuses a request outside the return window, before shipping, and on an order that is not the caller’s', async () => {
    const product = await market.product();
    const paid = await market.paidOrder(product.id);
    const notShipped = await market.requestRefund(paid);
    expect(notShipped.status).toBe(409);
    expect(notShipped.body.error).toEqual({
      code: 'REFUND_NOT_REQUESTABLE',
      message: 'This order has not shipped yet: cancel it instead, and the refund is immediate',
    });

    await market.moved(paid, 'ship', 'deliver');
    // As if the parcel had been delivered eight days ago (the window is the default seven days).
    await engine.infra.database.db
      .update(orderStatusHistory)
      .set({ at: new Date(Date.now() - 8 * DAY_MS) })
      .where(and(eq(orderStatusHistory.orderId, paid), eq(orderStatusHistory.toStatus, 'delivered')));
    expect(await market.myOrder(paid)).toMatchObject({ status: 'delivered', canRequestRefund: false });
    const late = await market.requestRefund(paid);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RETURN_WINDOW_CLOSED');

    const other = await market.paidOrder(product.id);
    await market.moved(other, 'ship');
    const stranger = await factories(engine).user(['viewer']);
    expect((await market.requestRefund(other, undefined, stranger.token)).status).toBe(404);
    const byMerchant = await market.requestRefund(other, undefined, market.merchant.token);
    expect(byMerchant.status).toBe(403);
    expect(byMerchant.body.error.code).toBe('FORBIDDEN');
    expect(await engine.infra.database.db.select().from(refundRequests).where(eq(refundRequests.orderId, other))).toEqual([]);
  });

  it('answers a bad body with 400 in the API error shape, and lets only the merchant or an admin answer', async () => {
    const product = await market.product();
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship');
    for (const body of [{ reason: 'bogus' }, {}, { reason: 'other', details: 'x'.repeat(1001) }, { reason: 'other', details: 42 }]) {
      const bad = await market.requestRefund(orderId, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.any(Array) });
    }
    expect((await market.approve(orderId)).body.error.code).toBe('REFUND_REQUEST_NOT_FOUND');
    expect((await market.approve(orderId)).status).toBe(404);

    expect((await market.requestRefund(orderId, { reason: 'not_received' })).status).toBe(201);
    const byBuyer = await market.approve(orderId, market.buyer.token);
    expect(byBuyer.status).toBe(403);
    expect(byBuyer.body.error.code).toBe('FORBIDDEN');
    expect((await market.decline(orderId, 'Not yours to decline', market.buyer.token)).status).toBe(403);
    const otherMerchant = await factories(engine).user(['merchant']);
    expect((await market.approve(orderId, otherMerchant.token)).status).toBe(404);
    expect((await market.decline(orderId, 'Not my order at all', otherMerchant.token)).status).toBe(404);
    expect((await market.order(orderId)).refundRequest.status).toBe('requested');
  });

  it('the merchant refunding outright answers the open request', async () => {
    const product = await market.product();
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship');
    const created = await market.requestRefund(orderId, { reason: 'not_received' });
    const refunded = await engine.http('POST', `/api/orders/${orderId}/refund`, {
      token: market.merchant.token,
      body: { reason: 'lost in transit' },
    });
    expect(refunded.body).toMatchObject({ status: 'refunded', refundRequest: { id: created.body.id, status: 'approved' } });
    await market.expectReversedOnce(orderId);
    expect((await market.approve(orderId)).body.error.code).toBe('REFUND_REQUEST_ANSWERED');
  });

  it('the response-time job and a merchant’s decline racing each other answer each request exactly once', async () => {
    const product = await market.product({ stock: 50 });
    const orderIds: string[] = [];
    for (let i = 0; i < 8; i++) orderIds.push(await market.paidOrder(product.id));
    const requestIds: string[] = [];
    for (const orderId of orderIds) {
      await market.moved(orderId, 'ship');
      requestIds.push((await market.requestRefund(orderId, { reason: 'not_received' })).body.id);
    }
    const later = <T>(ms: number, call: () => Promise<T>) => new Promise<T>((resolve) => setTimeout(() => resolve(call()), ms));
    const outcomes = await Promise.all(
      orderIds.map((orderId, i) =>
        Promise.all([
          later((i * 7) % 12, () => engine.services.refundRequests.approveUnanswered(requestIds[i] ?? '')),
          later((i * 5) % 12, () => market.decline(orderId, 'Tracking shows it was delivered')),
        ]),
      ),
    );
    for (const [i, [job, decline]] of outcomes.entries()) {
      const orderId = orderIds[i] ?? '';
      const order = await market.order(orderId);
      if (decline.status === 200) {
        expect(job).toBe('declined');
        expect(order).toMatchObject({ status: 'shipped', refundRequest: { status: 'declined' } });
        expect(await market.transactionsOf(orderId)).toEqual([{ kind: 'order_settlement' }]);
      } else {
        expect(decline.body.error.code).toBe('REFUND_REQUEST_ANSWERED');
        expect(job).toBe('approved');
        expect(order).toMatchObject({ status: 'refunded', refundRequest: { status: 'approved' } });
        await market.expectReversedOnce(orderId);
      }
      const answers = (await market.notificationsOf(market.buyer)).filter(
        (n) => (n.kind === 'refund_approved' || n.kind === 'refund_declined') && n.payload.orderId === orderId,
      );
      expect(answers).toHaveLength(1);
      expect(answers[0]?.kind).toBe(decline.status === 200 ? 'refund_declined' : 'refund_approved');
    }
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('documents the new routes and fields in /docs/json', async () => {
    const { body } = await engine.http('GET', '/docs/json');
    for (const path of ['cancel', 'refund-request', 'refund-request/approve', 'refund-request/decline']) {
      expect(Object.keys(body.paths[`/api/orders/{id}/${path}`] ?? {})).toContain('post');
    }
    const buyerOrder = body.paths['/api/me/orders'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(buyerOrder.properties)).toEqual(expect.arrayContaining(['canCancel', 'canRequestRefund', 'refundRequest']));
    const merchantRoute = body.paths['/api/merchants/me/orders'].get;
    expect(merchantRoute.parameters.map((p: { name: string }) => p.name)).toContain('refundRequest');
  });
});

describe('after-sales with REFUND_REQUEST_RESPONSE_MS=1000: the merchant does not answer', () => {
  let engine: TestEngine;
  const market = marketplace(() => engine);

  beforeAll(async () => {
    engine = await startTestEngine({ env: { REFUND_REQUEST_RESPONSE_MS: '1000' } });
    await market.setUp();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('the job approves an unanswered request after the response time: refunded once, the buyer told it was automatic', async () => {
    const product = await market.product({ stock: 10 });
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship', 'deliver');
    const socket = await engine.connect(market.buyer.token);
    const refundedEvent = nextEvent(socket, 'order:update', (u) => u.orderId === orderId && u.status === 'refunded');
    const created = await market.requestRefund(orderId, { reason: 'changed_mind' });
    expect(Date.parse(created.body.respondBy) - Date.parse(created.body.createdAt)).toBe(1000);
    expect((await market.order(orderId)).status).toBe('delivered');

    await refundedEvent;
    const order = await market.order(orderId);
    expect(order.refundRequest).toMatchObject({ id: created.body.id, status: 'approved', declineReason: null });
    expect(Date.parse(order.refundRequest.answeredAt)).toBeGreaterThanOrEqual(Date.parse(created.body.respondBy));
    expect(order.history.at(-1)).toMatchObject({ from: 'delivered', to: 'refunded' });
    expect(order.history.at(-1).reason).toContain('approved automatically');
    expect(await market.stockOf(product.id)).toBe(10);
    await market.expectReversedOnce(orderId);
    const told = await eventually(
      async () => (await market.notificationsOf(market.buyer)).filter((n) => n.kind === 'refund_approved' && n.payload.orderId === orderId),
      (found) => found.length > 0,
    );
    expect(told.map((n) => n.payload.isAutomatic)).toEqual([true]);
    expect(await engine.services.refundRequests.approveUnanswered(created.body.id)).toBe('already-approved');
    await market.expectReversedOnce(orderId);
    const answered = await market.decline(orderId);
    expect(answered.body.error).toEqual({ code: 'REFUND_REQUEST_ANSWERED', message: 'This refund request was already approved' });
  });

  it('a request the merchant declined in time stays declined when its job runs', async () => {
    const product = await market.product();
    const orderId = await market.paidOrder(product.id);
    await market.moved(orderId, 'ship');
    const created = await market.requestRefund(orderId, { reason: 'not_received' });
    expect((await market.decline(orderId, 'The carrier confirms delivery to your locker')).status).toBe(200);
    await eventually(
      () => engine.services.queues.isFinished('refund-request-auto-approve', `refund-request-auto-approve-${created.body.id}`),
      (finished) => finished,
    );
    expect(await market.order(orderId)).toMatchObject({ status: 'shipped', refundRequest: { status: 'declined' } });
    expect(await market.transactionsOf(orderId)).toEqual([{ kind: 'order_settlement' }]);
  });
});

describe('after-sales on the embedded PGlite database', () => {
  let engine: TestEngine;
  const market = marketplace(() => engine);

  beforeAll(async () => {
    engine = await startTestEngine({ database: 'pglite' });
    await market.setUp();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('cancels a paid order and answers a refund request, each in one transaction that PGlite can run', async () => {
    const product = await market.product({ stock: 5 });
    const cancelled = await market.paidOrder(product.id);
    expect((await engine.http('POST', `/api/orders/${cancelled}/cancel`, { token: market.buyer.token })).body.status).toBe('refunded');
    await market.expectReversedOnce(cancelled);

    const requested = await market.paidOrder(product.id);
    await market.moved(requested, 'ship', 'deliver', 'complete');
    await eventually(
      () => market.settlementEntries(requested),
      (rows) => rows.every((e) => e.status === 'settled'),
    );
    expect((await market.requestRefund(requested, { reason: 'not_as_described' })).status).toBe(201);
    expect(new Set((await market.settlementEntries(requested)).map((e) => e.status))).toEqual(new Set(['pending']));
    expect((await market.approve(requested)).body).toMatchObject({ status: 'refunded', refundRequest: { status: 'approved' } });
    await market.expectReversedOnce(requested);
    expect(await market.stockOf(product.id)).toBe(5);
  });
});
