import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

describe("a KOL's shows: plan, change, cancel", () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let kol: MadeUser;
  let merchant: MadeUser;
  let tea: { id: string };
  let scarf: { id: string };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    kol = await make.user(['kol']);
    merchant = await make.user(['merchant']);
    tea = await make.product(merchant.token, { title: 'Longjing tea', priceCents: 8800, kolCommissionBps: 1500 });
    scarf = await make.product(merchant.token, { title: 'Silk scarf', priceCents: 19900, kolCommissionBps: 1000 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
  const create = (token: string, body: Record<string, unknown>) => engine.http('POST', '/api/me/shows', { token, body });

  it('plans a show with a cover and products, each with the commission it pays', async () => {
    const at = inAnHour();
    const created = await create(kol.token, {
      title: 'Tea night',
      scheduledAt: at,
      coverUrl: '/demo/tea.jpg',
      productIds: [tea.id, scarf.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Tea night', status: 'scheduled', scheduledAt: at, coverUrl: '/demo/tea.jpg' });
    expect(created.body.products.map((p: { id: string; commissionCents: number }) => [p.id, p.commissionCents])).toEqual([
      [tea.id, 1320],
      [scarf.id, 1990],
    ]);
    // The stream is a contract stream with that showcase.
    const page = await engine.http('GET', `/api/streams/${created.body.id}`);
    expect(page.body.showcase.map((p: { id: string }) => p.id)).toEqual([tea.id, scarf.id]);
    const mine = await engine.http('GET', '/api/me/shows', { token: kol.token });
    expect(mine.body.items[0].id).toBe(created.body.id);
  });

  it('refuses a product that is not on sale, creating nothing', async () => {
    const archived = await make.product(merchant.token, { title: 'Old mug' });
    await engine.http('PATCH', `/api/products/${archived.id}`, { token: merchant.token, body: { status: 'archived' } });
    const before = (await engine.http('GET', '/api/me/shows', { token: kol.token })).body.items.length;
    const refused = await create(kol.token, { title: 'Mugs', productIds: [archived.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');
    expect((await engine.http('GET', '/api/me/shows', { token: kol.token })).body.items.length).toBe(before);
  });

  it('the owner edits title, time, cover and products; others may not', async () => {
    const show = (await create(kol.token, { title: 'Draft', productIds: [tea.id] })).body;
    const other = await make.user(['kol']);
    const viewer = await make.user();
    expect((await engine.http('PATCH', `/api/streams/${show.id}`, { token: other.token, body: { title: 'Hijack' } })).status).toBe(403);
    expect((await engine.http('PATCH', `/api/streams/${show.id}`, { token: viewer.token, body: { title: 'Hijack' } })).status).toBe(403);
    expect((await engine.http('PATCH', `/api/streams/${show.id}`, { body: { title: 'Hijack' } })).status).toBe(401);
    const at = inAnHour();
    const edited = await engine.http('PATCH', `/api/streams/${show.id}`, {
      token: kol.token,
      body: { title: 'Scarves and tea', scheduledAt: at, coverUrl: null, productIds: [scarf.id, tea.id] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Scarves and tea', scheduledAt: at, coverUrl: null });
    expect(edited.body.products.map((p: { id: string }) => p.id)).toEqual([scarf.id, tea.id]);
    const dropped = await engine.http('PATCH', `/api/streams/${show.id}`, { token: kol.token, body: { productIds: [tea.id] } });
    expect(dropped.body.products.map((p: { id: string }) => p.id)).toEqual([tea.id]);
  });

  it('the owner cancels a scheduled show: it cannot start or be edited any more; others may not cancel', async () => {
    const show = (await create(kol.token, { title: 'Maybe', scheduledAt: inAnHour() })).body;
    const other = await make.user(['kol']);
    expect((await engine.http('POST', `/api/streams/${show.id}/cancel`, { token: other.token })).status).toBe(403);
    const cancelled = await engine.http('POST', `/api/streams/${show.id}/cancel`, { token: kol.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await engine.http('GET', `/api/streams/${show.id}`)).body).toMatchObject({ status: 'ended', startedAt: null });
    expect((await engine.http('POST', `/api/streams/${show.id}/start`, { token: kol.token })).status).toBe(409);
    const edit = await engine.http('PATCH', `/api/streams/${show.id}`, { token: kol.token, body: { title: 'Back on' } });
    expect(edit.body.error.code).toBe('SHOW_NOT_EDITABLE');
    expect((await engine.http('POST', `/api/streams/${show.id}/cancel`, { token: kol.token })).body.error.code).toBe('SHOW_NOT_EDITABLE');
    const mine = (await engine.http('GET', '/api/me/shows', { token: kol.token })).body.items;
    expect(mine.find((s: { id: string }) => s.id === show.id).status).toBe('cancelled');
  });

  it('a live show cannot be cancelled, and lists first', async () => {
    const show = (await create(kol.token, { title: 'Now' })).body;
    expect((await engine.http('POST', `/api/streams/${show.id}/start`, { token: kol.token })).status).toBe(200);
    expect((await engine.http('POST', `/api/streams/${show.id}/cancel`, { token: kol.token })).status).toBe(409);
    const mine = (await engine.http('GET', '/api/me/shows', { token: kol.token })).body.items;
    expect(mine[0]).toMatchObject({ id: show.id, status: 'live' });
    expect((await engine.http('GET', '/api/me/shows', { token: merchant.token })).status).toBe(403);
  });
});
