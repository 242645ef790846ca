import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { makeAdmin } from './moderation-admin.ts';

// PGlite has a single connection: a moderation step that read outside its action's transaction would wait forever.
describe('moderation on the embedded PGlite', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ database: 'pglite' });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('migrates, files and groups reports, takes down and restores, suspends and reinstates, and logs each action', async () => {
    const admin = await makeAdmin(engine);
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const viewer = await make.user();
    const product = await make.product(merchant.token, { title: 'Glow stick' });
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 5,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    });

    const filed = await engine.http('POST', '/api/reports', {
      token: viewer.token,
      body: { targetType: 'product', targetId: product.id, reason: 'prohibited' },
    });
    expect(filed.status).toBe(201);
    const queue = await engine.http('GET', '/api/admin/reports', { token: admin.token });
    expect(queue.body.items).toEqual([expect.objectContaining({ targetId: product.id, reportCount: 1 })]);

    const down = await engine.http('POST', `/api/admin/products/${product.id}/take-down`, {
      token: admin.token,
      body: { reason: 'Prohibited item' },
    });
    expect(down.body).toMatchObject({ status: 'taken_down', stock: 100 });
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status).toBe('cancelled');
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.showcase).toEqual([]);
    expect((await engine.http('GET', `/api/products/${product.id}`)).status).toBe(404);
    expect((await engine.http('POST', `/api/admin/products/${product.id}/restore`, { token: admin.token })).body.status).toBe('active');

    const suspended = await engine.http('POST', `/api/admin/merchants/${merchant.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Repeated prohibited items' },
    });
    expect(suspended.body).toMatchObject({ productCount: 1, suspension: { reason: 'Repeated prohibited items' } });
    const refused = await engine.http('POST', '/api/products', {
      token: merchant.token,
      body: { title: 'More', priceCents: 100, stock: 1, kolCommissionBps: 0 },
    });
    expect(refused.body.error.code).toBe('MERCHANT_SUSPENDED');
    expect((await engine.http('GET', '/api/admin/merchants?status=suspended', { token: admin.token })).body.items).toHaveLength(1);
    expect((await engine.http('POST', `/api/admin/merchants/${merchant.user.id}/reinstate`, { token: admin.token })).status).toBe(200);
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.status).toBe('active');

    const log = await engine.http('GET', '/api/admin/moderation-log', { token: admin.token });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['reinstate', 'suspend', 'restore', 'take_down']);
  });
});
