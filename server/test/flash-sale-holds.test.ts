import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('flash-sale holds in Redis', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: { token: string };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { HOLD_TTL_MS: '1000' } });
    make = factories(engine);
    merchant = await make.user(['merchant']);
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function liveSale(overrides: Record<string, unknown> = {}) {
    const product = await make.product(merchant.token, { stock: 100 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, ...overrides });
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status,
      (s) => s === 'live',
    );
    return sale;
  }

  const reserve = (token: string, saleId: string, quantity = 1, key?: string) =>
    engine.http('POST', `/api/flash-sales/${saleId}/reservations`, {
      token,
      body: { quantity },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  it('reserve() on a sale that has not opened answers 409 SALE_NOT_ACTIVE', async () => {
    const product = await make.product(merchant.token);
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    const buyer = await make.user();
    const result = await reserve(buyer.token, sale.id);
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('SALE_NOT_ACTIVE');
  });

  it('holds units until the sale is sold out, then answers SOLD_OUT', async () => {
    const sale = await liveSale({ quantity: 3, perUserLimit: 3 });
    const buyer = await make.user();
    expect((await reserve(buyer.token, sale.id, 2)).status).toBe(201);
    const other = await make.user();
    const soldOut = await reserve(other.token, sale.id, 2);
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.error.code).toBe('SOLD_OUT');
    expect((await reserve(other.token, sale.id, 1)).status).toBe(201);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining).toBe(0);
  });

  it('stops one buyer at the per-user limit with 429 PURCHASE_LIMIT_REACHED', async () => {
    const sale = await liveSale({ quantity: 10, perUserLimit: 2 });
    const buyer = await make.user();
    expect((await reserve(buyer.token, sale.id, 2)).status).toBe(201);
    const third = await reserve(buyer.token, sale.id, 1);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('PURCHASE_LIMIT_REACHED');
  });

  it('answers the same Idempotency-Key with the same hold and takes the units once', async () => {
    const sale = await liveSale({ quantity: 10, perUserLimit: 5 });
    const buyer = await make.user();
    const first = await reserve(buyer.token, sale.id, 2, 'tap-1');
    const again = await reserve(buyer.token, sale.id, 2, 'tap-1');
    expect(again.status).toBe(201);
    expect(again.body.reservationId).toBe(first.body.reservationId);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining).toBe(8);
  });

  it('returns lapsed holds to the sale, and an order on a lapsed hold gets 409 HOLD_EXPIRED', async () => {
    const sale = await liveSale({ quantity: 5, perUserLimit: 5 });
    const buyer = await make.user();
    const hold = await reserve(buyer.token, sale.id, 3);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining).toBe(2);
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.remaining,
      (r) => r === 5,
    );
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(409);
    expect(order.body.error.code).toBe('HOLD_EXPIRED');
  });

  it("refuses an order on someone else's reservation", async () => {
    const sale = await liveSale();
    const owner = await make.user();
    const thief = await make.user();
    const hold = await reserve(owner.token, sale.id, 1);
    const order = await engine.http('POST', '/api/orders', {
      token: thief.token,
      body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(404);
  });

  it('lets a merchant schedule sales only on its own products, within its stock', async () => {
    const otherMerchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { stock: 5 });
    const start = new Date(Date.now() + 60_000).toISOString();
    const end = new Date(Date.now() + 120_000).toISOString();
    const body = { productId: product.id, priceCents: 100, quantity: 3, perUserLimit: 1, startsAt: start, endsAt: end };
    expect((await engine.http('POST', '/api/flash-sales', { token: otherMerchant.token, body })).status).toBe(403);
    const tooMany = await engine.http('POST', '/api/flash-sales', { token: merchant.token, body: { ...body, quantity: 6 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('INSUFFICIENT_STOCK');
    const backwards = await engine.http('POST', '/api/flash-sales', {
      token: merchant.token,
      body: { ...body, endsAt: start, startsAt: end },
    });
    expect(backwards.status).toBe(400);
  });
});
