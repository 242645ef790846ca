import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

describe('merchants edit and archive their products', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: MadeUser;
  let rival: MadeUser;
  let kol: MadeUser;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    [merchant, rival, kol] = await Promise.all([make.user(['merchant']), make.user(['merchant']), make.user(['kol'])]);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const buyOne = (token: string, productId: string) =>
    engine.http('POST', '/api/orders', { token, body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS } });
  const listedIds = async (query = '') =>
    ((await engine.http('GET', `/api/products?limit=100${query}`)).body.items as { id: string }[]).map((p) => p.id);
  const feedProductIds = async (token?: string) =>
    ((await engine.http('GET', '/api/feed/for-you?limit=50', token ? { token } : {})).body.items as { type: string; id: string }[])
      .filter((item) => item.type === 'product')
      .map((item) => item.id);

  it('creates with a category and an uploaded image path, then edits every field the console shows', async () => {
    const created = await engine.http('POST', '/api/products', {
      token: merchant.token,
      body: {
        title: 'Longjing green tea',
        description: 'First flush, 100 g',
        category: 'Tea',
        priceCents: 16800,
        stock: 40,
        kolCommissionBps: 1200,
        imageUrl: '/uploads/images/0b9d4c1e-8f7a-4d2b-9c3e-5a6f7b8c9d0e.jpg',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ category: 'Tea', imageUrl: '/uploads/images/0b9d4c1e-8f7a-4d2b-9c3e-5a6f7b8c9d0e.jpg' });

    const edited = await engine.http('PATCH', `/api/products/${created.body.id}`, {
      token: merchant.token,
      body: {
        title: 'Longjing tea, 2026 harvest',
        category: 'Green tea',
        priceCents: 15800,
        stock: 35,
        kolCommissionBps: 1500,
        imageUrl: null,
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'Longjing tea, 2026 harvest',
      category: 'Green tea',
      priceCents: 15800,
      stock: 35,
      kolCommissionBps: 1500,
      imageUrl: null,
      description: 'First flush, 100 g',
    });
    expect((await engine.http('GET', `/api/products/${created.body.id}`)).body.title).toBe('Longjing tea, 2026 harvest');
  });

  it('image URLs are http(s) or an uploaded path: javascript:, data:, other paths and ../ are refused', async () => {
    for (const imageUrl of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      '/etc/passwd',
      '/uploads/../package.json',
      '/uploads/images/A B.png',
      'ftp://example.com/a.png',
    ]) {
      const response = await engine.http('POST', '/api/products', {
        token: merchant.token,
        body: { title: 'Bad image', priceCents: 100, stock: 1, kolCommissionBps: 0, imageUrl },
      });
      expect(response.status, imageUrl).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const absolute = await make.product(merchant.token, { imageUrl: 'https://cdn.example.com/a.jpg' });
    expect(absolute.id).toBeDefined();
  });

  it('only the owner edits, archives or restores: another merchant gets 403 and a KOL 403, and nothing changes', async () => {
    const product = await make.product(merchant.token, { title: 'Silk scarf', stock: 10 });
    for (const [method, url, body] of [
      ['PATCH', `/api/products/${product.id}`, { title: 'Stolen' }],
      ['POST', `/api/products/${product.id}/archive`, undefined],
      ['POST', `/api/products/${product.id}/restore`, undefined],
    ] as const) {
      const byRival = await engine.http(method, url, { token: rival.token, ...(body ? { body } : {}) });
      expect(byRival.status, `${method} ${url}`).toBe(403);
      expect(byRival.body.error.code).toBe('FORBIDDEN');
      expect((await engine.http(method, url, { token: kol.token, ...(body ? { body } : {}) })).status).toBe(403);
      expect((await engine.http(method, url, body ? { body } : {})).status).toBe(401);
    }
    const after = (await engine.http('GET', `/api/products/${product.id}`)).body;
    expect(after).toMatchObject({ title: 'Silk scarf', status: 'active' });
    expect(
      (await engine.http('POST', '/api/products/00000000-0000-4000-8000-000000000000/archive', { token: merchant.token })).status,
    ).toBe(404);
  });

  it('an archived product leaves the catalogue, the search, the feed and the showcase picker; its orders and its page stay', async () => {
    const product = await make.product(merchant.token, { title: 'Celadon tea bowl', category: 'Ceramics', stock: 10 });
    const buyer = await make.user(['viewer']);
    const order = await buyOne(buyer.token, product.id);
    expect(order.status).toBe(201);
    expect(await listedIds()).toContain(product.id);
    expect(await feedProductIds()).toContain(product.id);

    const archived = await engine.http('POST', `/api/products/${product.id}/archive`, { token: merchant.token });
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');

    expect(await listedIds()).not.toContain(product.id);
    expect(await listedIds(`&merchantId=${merchant.user.id}`)).not.toContain(product.id);
    expect(await listedIds('&q=Celadon')).not.toContain(product.id);
    expect(await listedIds('&category=Ceramics')).not.toContain(product.id);
    expect(await feedProductIds()).not.toContain(product.id);
    // The KOL's showcase picker cannot add it, and it cannot be bought any more.
    const stream = await make.stream(kol.token);
    const add = await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');
    const buy = await buyOne(buyer.token, product.id);
    expect(buy.status).toBe(409);

    // The merchant still sees it (marked archived); the existing order is untouched.
    const mine = (await engine.http('GET', '/api/merchants/me/products', { token: merchant.token })).body.items as {
      id: string;
      status: string;
    }[];
    expect(mine.find((p) => p.id === product.id)?.status).toBe('archived');
    const existing = await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token });
    expect(existing.status).toBe(200);
    expect(existing.body.status).toBe('pending_payment');
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.status).toBe('archived');

    // Restored, it is listed again.
    const restored = await engine.http('POST', `/api/products/${product.id}/restore`, { token: merchant.token });
    expect(restored.body.status).toBe('active');
    expect(await listedIds()).toContain(product.id);
  });

  it('an ended flash sale says how many unsold units went back to stock', async () => {
    const product = await make.product(merchant.token, { stock: 30 });
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 8,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    const scheduled = (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body;
    expect(scheduled).toMatchObject({ sold: 0, returnedToStock: 0 });
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(22);
    expect((await engine.http('POST', `/api/flash-sales/${sale.id}/cancel`, { token: merchant.token })).status).toBe(200);
    const mine = (await engine.http('GET', '/api/merchants/me/flash-sales', { token: merchant.token })).body.items as {
      id: string;
      returnedToStock: number;
    }[];
    expect(mine.find((s) => s.id === sale.id)?.returnedToStock).toBe(8);
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(30);
  });
});
