import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/domains/payments/signature.ts';
import { ADDRESS, factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

const SECRET = 'webhook-secret-for-this-test-only';

describe('the payment webhook', () => {
  let engine: TestEngine;
  let paymentId: string;
  let orderId: string;

  const deliver = (body: string, signature?: string) =>
    fetch(`${engine.url}/api/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
      body,
    });
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    engine = await startTestEngine({ env: { WEBHOOK_SECRET: SECRET } });
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { priceCents: 5000 });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    paymentId = order.body.paymentId;
    orderId = order.body.id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const event = (id: string) => JSON.stringify({ id, type: 'payment.succeeded', paymentId, amountCents: 5000, currency: 'CNY' });

  it('refuses an unsigned call with 401', async () => {
    const response = await deliver(event('evt_unsigned'));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
  });

  it('refuses a call signed with another secret, or over another body', async () => {
    expect(
      (await deliver(event('evt_wrong_secret'), signWebhook('another-secret-entirely', event('evt_wrong_secret'), now()))).status,
    ).toBe(401);
    expect((await deliver(event('evt_tampered'), signWebhook(SECRET, event('evt_original'), now()))).status).toBe(401);
  });

  it('refuses a signature older than five minutes', async () => {
    const body = event('evt_stale');
    expect((await deliver(body, signWebhook(SECRET, body, now() - 301))).status).toBe(401);
  });

  it('accepts a signed event once and refuses its replay', async () => {
    const body = event('evt_once');
    const first = await deliver(body, signWebhook(SECRET, body, now()));
    expect(first.status).toBe(200);
    const replay = await deliver(body, signWebhook(SECRET, body, now()));
    expect(replay.status).toBe(401);
    const order = await engine.services.orders.getSettlementFacts(orderId);
    expect(order.status).toBe('paid');
  });
});
