import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

describe('the address book', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const list = async (user: MadeUser) => (await engine.http('GET', '/api/me/addresses', { token: user.token })).body.items;
  const add = (user: MadeUser, body: unknown) => engine.http('POST', '/api/me/addresses', { token: user.token, body });

  it('saves addresses; the first is the default until another is made default', async () => {
    const buyer = await make.user();
    const home = await add(buyer, { ...ADDRESS, phone: '', line2: 'Flat 5' });
    expect(home.status).toBe(201);
    expect(home.body).toMatchObject({ isDefault: true, address: { ...ADDRESS, line2: 'Flat 5' } });
    expect(home.body.address.phone).toBeUndefined();
    const office = await add(buyer, { ...ADDRESS, line1: '88 Office Road' });
    expect(office.body.isDefault).toBe(false);
    const made = await engine.http('PATCH', `/api/me/addresses/${office.body.id}`, {
      token: buyer.token,
      body: { isDefault: true, city: 'Suzhou' },
    });
    expect(made.body).toMatchObject({ isDefault: true, address: { line1: '88 Office Road', city: 'Suzhou' } });
    const items = await list(buyer);
    expect(items.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [office.body.id, true],
      [home.body.id, false],
    ]);
    // Deleting the default makes the other one the default.
    expect((await engine.http('DELETE', `/api/me/addresses/${office.body.id}`, { token: buyer.token })).status).toBe(204);
    expect((await list(buyer)).map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([[home.body.id, true]]);
  });

  it("another user's address is 404 to read, change or delete, and stays as it was", async () => {
    const owner = await make.user();
    const other = await make.user();
    const saved = (await add(owner, ADDRESS)).body;
    expect(await list(other)).toEqual([]);
    const patch = await engine.http('PATCH', `/api/me/addresses/${saved.id}`, { token: other.token, body: { city: 'Elsewhere' } });
    expect(patch.status).toBe(404);
    expect((await engine.http('DELETE', `/api/me/addresses/${saved.id}`, { token: other.token })).status).toBe(404);
    expect((await list(owner))[0].address.city).toBe(ADDRESS.city);
    expect((await engine.http('GET', '/api/me/addresses')).status).toBe(401);
  });

  it('checks fields like checkout does and keeps at most 20', async () => {
    const buyer = await make.user();
    const bad = await add(buyer, { ...ADDRESS, postalCode: '', country: 'cn' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.postalCode', 'body.country']),
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(buyer, { ...ADDRESS, line1: `${i} Road` })));
    expect((await list(buyer)).length).toBe(20);
    const full = await add(buyer, ADDRESS);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('ADDRESS_BOOK_FULL');
    expect((await list(buyer)).filter((a: { isDefault: boolean }) => a.isDefault)).toHaveLength(1);
  });
});
