import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('a payment for flash-sale units that are no longer held', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('refunds the buyer instead of selling units the sale gave back', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const buyer = await make.user();
    const product = await make.product(merchant.token, { stock: 5 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 2, perUserLimit: 2 });
    await eventually(
      () => engine.http('GET', `/api/flash-sales/${sale.id}`).then((r) => r.body.status),
      (s) => s === 'live',
    );
    const hold = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 1 } });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
    });
    // The units go back to the sale while the order still waits for its payment.
    await engine.services.flashSales.releaseOrderedHold(hold.body.reservationId);

    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(200);
    const after = (await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body;
    expect(after.status).toBe('refunded');
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body).toMatchObject({ remaining: 2, sold: 0 });
    expect(await engine.services.ledger.getImbalanceCents()).toBe(0);
  });
});
