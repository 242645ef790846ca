import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

interface MerchantOrder {
  id: string;
  status: string;
  items: { productId: string; title: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string;
  buyerDisplayName: string;
  shippingAddress: Record<string, string>;
  createdAt: string;
  waitingForGroup: boolean;
}

interface Page {
  items: MerchantOrder[];
  nextCursor?: string;
}

describe("the merchant's orders (GET /api/merchants/me/orders)", () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let buyer: Made;
  let scarfId: string;
  let hatId: string;
  /** The merchant's orders, oldest first. */
  const placed: { id: string; paid: boolean }[] = [];
  let otherMerchantsOrder: string;

  const list = (query = '', token = merchant.token) => engine.http<Page>('GET', `/api/merchants/me/orders${query}`, { token });

  const order = async (who: Made, items: { productId: string; quantity: number }[], address: Record<string, string> = ADDRESS) => {
    const created = await engine.http('POST', '/api/orders', { token: who.token, body: { items, shippingAddress: address } });
    expect(created.status).toBe(201);
    return created.body as { id: string; paymentId: string };
  };
  const pay = async (who: Made, placedOrder: { id: string; paymentId: string }) => {
    await engine.http('POST', `/api/payments/${placedOrder.paymentId}/sandbox-pay`, { token: who.token, body: { outcome: 'succeeded' } });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${placedOrder.id}`, { token: who.token })).body.status,
      (status) => status === 'paid',
    );
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    const otherMerchant = await make.user(['merchant']);
    [merchant, buyer] = await Promise.all([make.user(['merchant']), make.user(['viewer'], { displayName: 'Han Meimei' })]);
    scarfId = (await make.product(merchant.token, { title: 'Silk scarf', priceCents: 19900 })).id;
    hatId = (await make.product(merchant.token, { title: 'Straw hat', priceCents: 4500 })).id;
    const otherProductId = (await make.product(otherMerchant.token, { title: 'Not mine' })).id;

    // Five orders: the first three paid, the last two left unpaid.
    for (let i = 0; i < 5; i++) {
      const items =
        i === 0
          ? [
              { productId: scarfId, quantity: 2 },
              { productId: hatId, quantity: 1 },
            ]
          : [{ productId: hatId, quantity: 1 }];
      const made = await order(buyer, items, { ...ADDRESS, phone: '+86 21 5555 0000', line2: `Flat ${i + 1}` });
      if (i < 3) await pay(buyer, made);
      placed.push({ id: made.id, paid: i < 3 });
    }
    otherMerchantsOrder = (await order(buyer, [{ productId: otherProductId, quantity: 1 }])).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  it("lists only the caller's orders, newest first, with items, total, the buyer's name and the address", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.items.map((o) => o.id)).toEqual(placed.map((p) => p.id).reverse());
    expect(body.items.map((o) => o.id)).not.toContain(otherMerchantsOrder);
    expect(body.nextCursor).toBeUndefined();

    const first = body.items.at(-1);
    expect(first).toMatchObject({
      id: placed[0]?.id,
      status: 'paid',
      totalCents: 2 * 19900 + 4500,
      currency: 'CNY',
      buyerDisplayName: 'Han Meimei',
      shippingAddress: { ...ADDRESS, phone: '+86 21 5555 0000', line2: 'Flat 1' },
      waitingForGroup: false,
    });
    expect(first?.items).toEqual(
      expect.arrayContaining([
        { productId: scarfId, title: 'Silk scarf', quantity: 2, unitPriceCents: 19900 },
        { productId: hatId, title: 'Straw hat', quantity: 1, unitPriceCents: 4500 },
      ]),
    );
    expect(Date.parse(first?.createdAt ?? '')).toBeGreaterThan(0);
  });

  it("never shows the buyer's email or account id", async () => {
    const { body } = await list();
    const text = JSON.stringify(body);
    expect(text).not.toContain(buyer.user.email);
    expect(text).not.toContain(buyer.user.id);
    for (const o of body.items) expect(o).not.toHaveProperty('buyerId');
  });

  it('filters by status', async () => {
    const paid = await list('?status=paid');
    expect(paid.body.items.map((o) => o.id)).toEqual(
      placed
        .filter((p) => p.paid)
        .map((p) => p.id)
        .reverse(),
    );
    const unpaid = await list('?status=pending_payment');
    expect(unpaid.body.items.map((o) => o.id)).toEqual(
      placed
        .filter((p) => !p.paid)
        .map((p) => p.id)
        .reverse(),
    );

    const toShip = placed[0]?.id ?? '';
    expect(
      (await engine.http('POST', `/api/orders/${toShip}/ship`, { token: merchant.token, body: { trackingNumber: 'SF1' } })).status,
    ).toBe(200);
    expect((await list('?status=shipped')).body.items.map((o) => o.id)).toEqual([toShip]);
    expect((await list('?status=paid')).body.items.map((o) => o.id)).not.toContain(toShip);

    const bad = await list('?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('pages with limit and cursor, every order once and in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(placed.map((p) => p.id).reverse());

    const paidPage = await list('?status=paid&limit=1');
    expect(paidPage.body.items).toHaveLength(1);
    const rest = await list(`?status=paid&limit=5&cursor=${encodeURIComponent(paidPage.body.nextCursor ?? '')}`);
    expect(rest.body.items.map((o) => o.status)).toEqual(['paid']);

    expect((await list('?limit=101')).status).toBe(400);
    expect((await list('?limit=0')).status).toBe(400);
    // A cursor that is not ours starts at the top rather than failing.
    expect((await list('?cursor=bm90LWEtY3Vyc29y')).body.items).toHaveLength(5);
  });

  it('says when a group buy order waits for its group to fill', async () => {
    const product = await make.product(merchant.token, { title: 'Tea set', priceCents: 10000 });
    const offer = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, groupPriceCents: 7000, groupSize: 2, windowMinutes: 60 },
    });
    expect(offer.status).toBe(201);
    const leader = await make.user(['viewer']);
    const opened = await engine.http('POST', `/api/group-offers/${offer.body.id}/groups`, {
      token: leader.token,
      body: { shippingAddress: ADDRESS },
    });
    expect(opened.status).toBe(201);
    await pay(leader, opened.body.order);

    const [newest] = (await list('?status=paid&limit=1')).body.items;
    expect(newest).toMatchObject({ id: opened.body.order.id, waitingForGroup: true, totalCents: 7000 });
    expect(newest?.items).toEqual([{ productId: product.id, title: 'Tea set', quantity: 1, unitPriceCents: 7000 }]);
    const others = (await list('?status=paid')).body.items.filter((o) => o.id !== opened.body.order.id);
    expect(others.every((o) => !o.waitingForGroup)).toBe(true);
  });

  it('answers 401 without a token and 403 for a viewer', async () => {
    const anonymous = await engine.http('GET', '/api/merchants/me/orders');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const viewer = await list('', buyer.token);
    expect(viewer.status).toBe(403);
    expect(viewer.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('is described in /docs/json with its query and response', async () => {
    const { body } = await engine.http('GET', '/docs/json');
    const route = body.paths['/api/merchants/me/orders'].get;
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'limit', 'cursor']));
    const schema = route.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties.items.items.properties)).toEqual(
      expect.arrayContaining(['buyerDisplayName', 'shippingAddress', 'waitingForGroup']),
    );
    expect(Object.keys(schema.properties.items.items.properties)).not.toContain('buyerEmail');
  });
});
