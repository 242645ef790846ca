import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../db/schema/index.ts';
import { signWebhook } from '../src/domains/payments/signature.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent } from './live-client.ts';

const SECRET = 'webhook-secret-for-the-timer-tests';

const stockOf = async (engine: TestEngine, productId: string) =>
  (await engine.http('GET', `/api/products/${productId}`)).body.stock as number;

describe('an unpaid order with ORDER_PAYMENT_TTL_MS=1000', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { ORDER_PAYMENT_TTL_MS: '1000', WEBHOOK_SECRET: SECRET } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('lapses to cancelled by a delayed job, gives its stock back, tells the buyer and refuses a late payment', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { stock: 10 });
    const socket = await engine.connect(buyer.token);

    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 3 }], shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    expect(await stockOf(engine, product.id)).toBe(7);

    const update = await nextEvent(socket, 'order:update', (u) => u.orderId === order.body.id);
    expect(update.status).toBe('cancelled');
    expect(await stockOf(engine, product.id)).toBe(10);
    const viewed = await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token });
    expect(viewed.body.history.at(-1)).toMatchObject({ from: 'pending_payment', to: 'cancelled', reason: 'not paid in time' });

    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(409);
    expect(pay.body.error.code).toBe('PAYMENT_NOT_PENDING');
  });

  it('lapses an order placed from a flash-sale reservation and gives its units back to the sale', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { stock: 10 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 4, perUserLimit: 2 });
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status,
      (status) => status === 'live',
    );
    const reservation = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, {
      token: buyer.token,
      body: { quantity: 2 },
    });
    expect(reservation.status).toBe(201);
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { reservationId: reservation.body.reservationId, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining).toBe(2);

    await eventually(
      async () => (await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status,
      (status) => status === 'cancelled',
    );
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining,
      (remaining) => remaining === 4,
    );
    // The job again (a retry after a crash) changes nothing.
    expect(await engine.services.orders.lapseUnpaidOrder(order.body.id)).toBe('not-pending');
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining).toBe(4);
  });

  it('refunds a success the provider reports after the order lapsed, and credits nothing', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { priceCents: 4200 });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status,
      (s) => s === 'cancelled',
    );

    const body = JSON.stringify({
      id: `evt_late_${order.body.id}`,
      type: 'payment.succeeded',
      paymentId: order.body.paymentId,
      amountCents: 4200,
      currency: 'CNY',
    });
    const response = await fetch(`${engine.url}/api/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(SECRET, body, Math.floor(Date.now() / 1000)) },
      body,
    });
    expect(response.status).toBe(200);
    const payment = await engine.services.payments.findPaymentOfOrder(order.body.id);
    expect(payment?.status).toBe('refunded');
    expect((await engine.services.orders.getSettlementFacts(order.body.id)).status).toBe('cancelled');
    expect(await engine.services.ledger.getEarnings(merchant.user.id)).toMatchObject({ pendingCents: 0, settledCents: 0 });
  });
});

describe('an order with ORDER_RETURN_WINDOW_MS=500 (and the default payment time)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { ORDER_RETURN_WINDOW_MS: '500' } });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('completes by itself when the return window passes, and its commissions settle', async () => {
    const make = factories(engine);
    const [merchant, kol, buyer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
    const product = await make.product(merchant.token, { priceCents: 20000, kolCommissionBps: 500 });
    // Live and offering the product, so its KOL earns on it (ADR 0012).
    const stream = await make.liveStream(kol.token, [product.id]);
    const socket = await engine.connect(buyer.token);
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], streamId: stream.id, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await engine.http('POST', `/api/orders/${order.body.id}/ship`, { token: merchant.token });
    const completed = nextEvent(socket, 'order:update', (u) => u.orderId === order.body.id && u.status === 'completed');
    expect((await engine.http('POST', `/api/orders/${order.body.id}/deliver`, { token: merchant.token })).body.status).toBe('delivered');
    await completed;

    const earnings = await eventually(
      async () => (await engine.http('GET', '/api/me/earnings', { token: kol.token })).body,
      (e) => e.settledCents === 1000,
    );
    expect(earnings.pendingCents).toBe(0);
    const viewed = await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token });
    expect(viewed.body.history.at(-1)).toMatchObject({ to: 'completed', reason: 'return window passed' });
    expect(await engine.services.orders.completeDeliveredOrder(order.body.id)).toBe('not-delivered');
  });

  it('lapseUnpaidOrder() marks an order paid instead when its payment succeeded before the job ran', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { stock: 5 });
    const order = await engine.services.orders.placeOrder(buyer.user.id, {
      items: [{ productId: product.id, quantity: 1 }],
      shippingAddress: ADDRESS,
    });
    // As if the webhook committed the payment and the process died before marking the order paid.
    await engine.infra.database.db.update(payments).set({ status: 'succeeded' }).where(eq(payments.id, order.paymentId));

    expect(await engine.services.orders.lapseUnpaidOrder(order.id)).toBe('paid');
    expect(await engine.services.orders.lapseUnpaidOrder(order.id)).toBe('not-pending');
    expect((await engine.services.orders.getSettlementFacts(order.id)).status).toBe('paid');
    expect(await stockOf(engine, product.id)).toBe(4);
  });
});
