import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransactions } from '../../db/schema/index.ts';
import { signWebhook } from '../src/domains/payments/signature.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const SECRET = 'webhook-secret-for-the-delivery-tests';

describe('webhook deliveries that repeat or arrive out of order', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchantToken: string;
  let buyerToken: string;
  let productId: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { WEBHOOK_SECRET: SECRET } });
    make = factories(engine);
    const [merchant, buyer] = await Promise.all([make.user(['merchant']), make.user(['viewer'])]);
    merchantToken = merchant.token;
    buyerToken = buyer.token;
    productId = (await make.product(merchantToken, { priceCents: 2500 })).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const newOrder = async () => {
    const order = await engine.http('POST', '/api/orders', {
      token: buyerToken,
      body: { items: [{ productId, quantity: 2 }], shippingAddress: ADDRESS },
    });
    return { orderId: order.body.id as string, paymentId: order.body.paymentId as string };
  };
  const deliver = (event: { id: string; type: string; paymentId: string; amountCents?: number }) => {
    const body = JSON.stringify({ amountCents: 5000, currency: 'CNY', ...event });
    return fetch(`${engine.url}/api/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(SECRET, body, Math.floor(Date.now() / 1000)) },
      body,
    });
  };
  const orderOf = async (orderId: string) => (await engine.http('GET', `/api/orders/${orderId}`, { token: buyerToken })).body;
  const settlementsOf = (orderId: string) =>
    engine.infra.database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, orderId));

  it('pays and settles the order exactly once when the provider sends the same success under ten event ids at once', async () => {
    const { orderId, paymentId } = await newOrder();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => deliver({ id: `evt_dup_${orderId}_${i}`, type: 'payment.succeeded', paymentId })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));

    await eventually(
      () => settlementsOf(orderId),
      (rows) => rows.length === 1,
    );
    const order = await orderOf(orderId);
    expect(order.status).toBe('paid');
    expect(order.history.filter((h: { to: string }) => h.to === 'paid')).toHaveLength(1);
    // A settlement job that runs again finds the order settled.
    expect(await engine.services.ledger.settleOrder(orderId)).toBe('already-settled');
    expect(await settlementsOf(orderId)).toHaveLength(1);
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('refuses a replayed event id with 401 and changes nothing', async () => {
    const { orderId, paymentId } = await newOrder();
    const event = { id: `evt_replay_${orderId}`, type: 'payment.succeeded', paymentId };
    expect((await deliver(event)).status).toBe(200);
    const replay = await deliver(event);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
    expect((await orderOf(orderId)).history.filter((h: { to: string }) => h.to === 'paid')).toHaveLength(1);
  });

  it('keeps the order paid when a failure arrives after the success', async () => {
    const { orderId, paymentId } = await newOrder();
    expect((await deliver({ id: `evt_ok_${orderId}`, type: 'payment.succeeded', paymentId })).status).toBe(200);
    expect((await deliver({ id: `evt_late_fail_${orderId}`, type: 'payment.failed', paymentId })).status).toBe(200);
    expect((await engine.services.payments.findPaymentOfOrder(orderId))?.status).toBe('succeeded');
    expect((await orderOf(orderId)).status).toBe('paid');
    await eventually(
      () => settlementsOf(orderId),
      (rows) => rows.length === 1,
    );
  });

  it('pays the order when a success follows a failure (the buyer tried again)', async () => {
    const { orderId, paymentId } = await newOrder();
    expect((await deliver({ id: `evt_fail_${orderId}`, type: 'payment.failed', paymentId })).status).toBe(200);
    expect((await orderOf(orderId)).status).toBe('pending_payment');
    expect((await deliver({ id: `evt_retry_ok_${orderId}`, type: 'payment.succeeded', paymentId })).status).toBe(200);
    expect((await orderOf(orderId)).status).toBe('paid');
  });

  it('still settles once when a success is delivered again after the order has shipped', async () => {
    const { orderId, paymentId } = await newOrder();
    await deliver({ id: `evt_first_${orderId}`, type: 'payment.succeeded', paymentId });
    await eventually(
      () => settlementsOf(orderId),
      (rows) => rows.length === 1,
    );
    expect((await engine.http('POST', `/api/orders/${orderId}/ship`, { token: merchantToken })).status).toBe(200);
    expect((await deliver({ id: `evt_again_${orderId}`, type: 'payment.succeeded', paymentId })).status).toBe(200);
    expect((await orderOf(orderId)).status).toBe('shipped');
    expect(await settlementsOf(orderId)).toHaveLength(1);
  });

  it('refuses with 400 a success whose amount is not what the payment asked for', async () => {
    const { orderId, paymentId } = await newOrder();
    const response = await deliver({ id: `evt_short_${orderId}`, type: 'payment.succeeded', paymentId, amountCents: 1 });
    expect(response.status).toBe(400);
    expect((await orderOf(orderId)).status).toBe('pending_payment');
  });
});
