import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('a cart from several merchants, checked out and paid in one go', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('splits into one order per merchant, pays them together, and settles each on its own', async () => {
    const [teaShop, scarfShop, buyer] = await Promise.all([make.user(['merchant']), make.user(['merchant']), make.user()]);
    const tea = await make.product(teaShop.token, { title: 'Longjing tea', priceCents: 12000, stock: 5 });
    const cups = await make.product(teaShop.token, { title: 'Tea cups', priceCents: 3000, stock: 5 });
    const scarf = await make.product(scarfShop.token, { title: 'Silk scarf', priceCents: 19900, stock: 5 });

    const placed = await engine.http('POST', '/api/checkouts', {
      token: buyer.token,
      headers: { 'idempotency-key': 'cart-1' },
      body: {
        items: [
          { productId: tea.id, quantity: 2 },
          { productId: scarf.id, quantity: 1 },
          { productId: cups.id, quantity: 1 },
        ],
        shippingAddress: ADDRESS,
      },
    });
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('pending_payment');
    expect(placed.body.totalCents).toBe(2 * 12000 + 3000 + 19900);
    expect(placed.body.orders.map((o: { merchantId: string; totalCents: number }) => [o.merchantId, o.totalCents])).toEqual([
      [teaShop.user.id, 27000],
      [scarfShop.user.id, 19900],
    ]);

    // The same key places nothing twice.
    const again = await engine.http('POST', '/api/checkouts', {
      token: buyer.token,
      headers: { 'idempotency-key': 'cart-1' },
      body: { items: [{ productId: scarf.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(again.body.id).toBe(placed.body.id);
    expect((await engine.http('GET', `/api/products/${scarf.id}`)).body.stock).toBe(4);

    const paid = await engine.http('POST', `/api/checkouts/${placed.body.id}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');
    expect(paid.body.orders.every((o: { status: string }) => o.status === 'paid')).toBe(true);

    // Each merchant sees only their own order, and each order settles on its own ledger entries.
    const teaOrders = await engine.http('GET', '/api/merchants/me/orders', { token: teaShop.token });
    expect(teaOrders.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.orders[0].id]);
    const scarfOrders = await engine.http('GET', '/api/merchants/me/orders', { token: scarfShop.token });
    expect(scarfOrders.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.orders[1].id]);
    await eventually(
      async () => (await engine.http('GET', '/api/merchants/me/settlement', { token: scarfShop.token })).body,
      (report) => JSON.stringify(report).includes(placed.body.orders[1].id),
    );
  });

  it('places nothing when one merchant cannot fill their part: stock already taken goes back', async () => {
    const [a, b, buyer] = await Promise.all([make.user(['merchant']), make.user(['merchant']), make.user()]);
    const plenty = await make.product(a.token, { stock: 10 });
    const scarce = await make.product(b.token, { stock: 1 });
    const result = await engine.http('POST', '/api/checkouts', {
      token: buyer.token,
      body: {
        items: [
          { productId: plenty.id, quantity: 3 },
          { productId: scarce.id, quantity: 2 },
        ],
        shippingAddress: ADDRESS,
      },
    });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('OUT_OF_STOCK');
    expect((await engine.http('GET', `/api/products/${plenty.id}`)).body.stock).toBe(10);
    const mine = await engine.http('GET', '/api/me/orders', { token: buyer.token });
    expect(mine.body.items.every((o: { status: string }) => o.status === 'cancelled')).toBe(true);
  });

  it('keeps a checkout to its buyer: anyone else gets 404 reading or paying it, and an unknown product is 404', async () => {
    const [merchant, buyer, stranger] = await Promise.all([make.user(['merchant']), make.user(), make.user()]);
    const product = await make.product(merchant.token);
    const placed = await engine.http('POST', '/api/checkouts', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(201);
    expect((await engine.http('GET', `/api/checkouts/${placed.body.id}`, { token: stranger.token })).status).toBe(404);
    const pay = await engine.http('POST', `/api/checkouts/${placed.body.id}/sandbox-pay`, {
      token: stranger.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(404);
    expect((await engine.http('GET', `/api/checkouts/${placed.body.id}`, { token: buyer.token })).body.status).toBe('pending_payment');
    expect((await engine.http('GET', `/api/checkouts/${placed.body.id}`)).status).toBe(401);
    const unknown = await engine.http('POST', '/api/checkouts', {
      token: buyer.token,
      body: { items: [{ productId: 'no-such-product', quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(unknown.status).toBe(404);
  });
});
