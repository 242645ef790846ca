import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerOrderView as BuyerOrder } from '../src/domains/orders/views.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

interface Page {
  items: BuyerOrder[];
  nextCursor?: string;
}

describe("the buyer's orders (GET /api/me/orders)", () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let otherMerchant: Made;
  let buyer: Made;
  let otherBuyer: Made;
  let scarfId: string;
  let hatId: string;
  let teaId: string;

  const list = (query = '', token = buyer.token) => engine.http<Page>('GET', `/api/me/orders${query}`, { token });
  const find = async (orderId: string, token = buyer.token) => {
    const found = (await list('?limit=100', token)).body.items.find((o) => o.id === orderId);
    if (!found) throw new Error(`order ${orderId} is not in the list`);
    return found;
  };
  const post = (path: string, token: string, body?: unknown) => engine.http('POST', path, { token, ...(body ? { body } : {}) });

  const order = async (who: Made, items: { productId: string; quantity: number }[]) => {
    const created = await post('/api/orders', who.token, { items, shippingAddress: ADDRESS });
    expect(created.status).toBe(201);
    return created.body as { id: string; paymentId: string };
  };
  const pay = async (who: Made, placed: { id: string; paymentId: string }) => {
    await post(`/api/payments/${placed.paymentId}/sandbox-pay`, who.token, { outcome: 'succeeded' });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${placed.id}`, { token: who.token })).body.status,
      (status) => status === 'paid',
    );
    return placed.id;
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    [merchant, otherMerchant, buyer, otherBuyer] = await Promise.all([
      make.user(['merchant'], { displayName: 'Silk Road Studio' }),
      make.user(['merchant'], { displayName: 'Hangzhou Tea House' }),
      make.user(['viewer']),
      make.user(['viewer']),
    ]);
    scarfId = (await make.product(merchant.token, { title: 'Silk scarf', priceCents: 19900, imageUrl: 'https://img.test/scarf.jpg' })).id;
    hatId = (await make.product(merchant.token, { title: 'Straw hat', priceCents: 4500 })).id;
    teaId = (await make.product(otherMerchant.token, { title: 'Longjing tea', priceCents: 16800 })).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  it("lists only the caller's orders, newest first, with items (title, image, quantity, unit price) and the merchant's name", async () => {
    const first = await order(buyer, [
      { productId: scarfId, quantity: 2 },
      { productId: hatId, quantity: 1 },
    ]);
    const second = await order(buyer, [{ productId: teaId, quantity: 1 }]);
    const someoneElses = await order(otherBuyer, [{ productId: scarfId, quantity: 1 }]);

    const { status, body } = await list();
    expect(status).toBe(200);
    const ids = body.items.map((o) => o.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids).not.toContain(someoneElses.id);
    expect((await list('', otherBuyer.token)).body.items.map((o) => o.id)).toEqual([someoneElses.id]);

    const mine = await find(first.id);
    expect(mine).toMatchObject({
      id: first.id,
      status: 'pending_payment',
      totalCents: 2 * 19900 + 4500,
      currency: 'CNY',
      merchantDisplayName: 'Silk Road Studio',
      shipment: null,
      canReview: false,
      hasReview: false,
    });
    expect(Date.parse(mine.createdAt)).toBeGreaterThan(0);
    expect(mine.items).toEqual(
      expect.arrayContaining([
        { productId: scarfId, title: 'Silk scarf', imageUrl: 'https://img.test/scarf.jpg', quantity: 2, unitPriceCents: 19900 },
        { productId: hatId, title: 'Straw hat', imageUrl: null, quantity: 1, unitPriceCents: 4500 },
      ]),
    );
    expect((await find(second.id)).merchantDisplayName).toBe('Hangzhou Tea House');
  });

  it('gives the payment of an unpaid order, which pays it, and none once paid', async () => {
    const placed = await order(buyer, [{ productId: hatId, quantity: 1 }]);
    const unpaid = await find(placed.id);
    expect(unpaid.paymentId).toBe(placed.paymentId);
    expect(Date.parse(unpaid.paymentDueAt ?? '')).toBeGreaterThan(Date.parse(unpaid.createdAt));

    // A declined try leaves the payment open to another.
    await post(`/api/payments/${placed.paymentId}/sandbox-pay`, buyer.token, { outcome: 'failed' });
    expect((await find(placed.id)).paymentId).toBe(placed.paymentId);

    await pay(buyer, { id: placed.id, paymentId: unpaid.paymentId ?? '' });
    expect(await find(placed.id)).toMatchObject({ status: 'paid', paymentId: null, paymentDueAt: null, shipment: null });
  });

  it('shows the tracking once shipped, and invites a review once delivered until the buyer wrote one', async () => {
    const orderId = await pay(buyer, await order(buyer, [{ productId: scarfId, quantity: 1 }]));
    expect((await find(orderId)).canReview).toBe(false);

    await post(`/api/orders/${orderId}/ship`, merchant.token, { carrier: 'SF Express', trackingNumber: 'SF 1234 5678' });
    const shipped = await find(orderId);
    expect(shipped.status).toBe('shipped');
    expect(shipped.shipment?.tracking).toBe('SF Express SF 1234 5678');
    expect(Date.parse(shipped.shipment?.shippedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(shipped.createdAt));
    expect(shipped.canReview).toBe(false);

    await post(`/api/orders/${orderId}/deliver`, merchant.token);
    expect(await find(orderId)).toMatchObject({ status: 'delivered', canReview: true, hasReview: false });
    expect((await find(orderId)).shipment?.tracking).toBe('SF Express SF 1234 5678');

    const review = await post(`/api/orders/${orderId}/review`, buyer.token, { rating: 5, text: 'Soft and bright' });
    expect(review.status).toBe(201);
    expect(await find(orderId)).toMatchObject({ canReview: false, hasReview: true });

    expect((await post(`/api/orders/${orderId}/complete`, buyer.token)).status).toBe(200);
    expect(await find(orderId)).toMatchObject({ status: 'completed', canReview: false, hasReview: true });
  });

  it('invites a review of a completed order not reviewed yet, and gives no tracking when the merchant gave none', async () => {
    const orderId = await pay(buyer, await order(buyer, [{ productId: hatId, quantity: 1 }]));
    await post(`/api/orders/${orderId}/ship`, merchant.token);
    expect((await find(orderId)).shipment).toMatchObject({ tracking: null });
    await post(`/api/orders/${orderId}/deliver`, merchant.token);
    await post(`/api/orders/${orderId}/complete`, buyer.token);
    expect(await find(orderId)).toMatchObject({ status: 'completed', canReview: true, hasReview: false });
  });

  it('pages with limit and cursor, every order once and newest first', async () => {
    const pager = await make.user(['viewer']);
    const placed: string[] = [];
    for (let i = 0; i < 5; i++) placed.push((await order(pager, [{ productId: hatId, quantity: 1 }])).id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, pager.token);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(placed.reverse());

    const all = await list('', pager.token);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeUndefined();
    expect((await list('?limit=101', pager.token)).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await list('?limit=0', pager.token)).status).toBe(400);
    // A cursor that is not ours starts at the top rather than failing.
    expect((await list('?cursor=bm90LWEtY3Vyc29y', pager.token)).body.items).toHaveLength(5);
  });

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const anonymous = await engine.http('GET', '/api/me/orders');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('is described in /docs/json with its query and response', async () => {
    const { body } = await engine.http('GET', '/docs/json');
    const route = body.paths['/api/me/orders'].get;
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
    const schema = route.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    expect(Object.keys(schema.properties.items.items.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'status',
        'totalCents',
        'currency',
        'createdAt',
        'items',
        'merchantDisplayName',
        'shipment',
        'paymentId',
        'canReview',
      ]),
    );
  });
});
