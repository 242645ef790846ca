import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { makeAdmin } from './moderation-admin.ts';

const STORE = { name: 'Hangzhou Tea House', logoUrl: 'https://cdn.example.test/logo.png', returnAddress: ADDRESS };

describe('roles added from the account page (MERCHANT_APPROVAL=auto)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('signs up as a creator, and never as an admin', async () => {
    const kol = await make.user(['kol']);
    expect(kol.user.roles).toEqual(['kol']);
    const admin = await engine.http('POST', '/api/auth/register', {
      body: { email: 'sneaky@example.test', password: 'correct horse battery', displayName: 'Sneaky', roles: ['admin'] },
    });
    expect(admin.status).toBe(400);
  });

  it('a viewer becomes a creator with a bio and gets a token that carries the role', async () => {
    const viewer = await make.user();
    expect((await engine.http('POST', '/api/streams', { token: viewer.token, body: { title: 'Mine' } })).status).toBe(403);
    const became = await engine.http('POST', '/api/me/creator', { token: viewer.token, body: { bio: 'Tea tastings every Friday' } });
    expect(became.status).toBe(200);
    expect(became.body.user.roles).toEqual(['viewer', 'kol']);
    expect(became.body.creator.bio).toBe('Tea tastings every Friday');
    expect((await engine.http('POST', '/api/streams', { token: became.body.token, body: { title: 'Mine' } })).status).toBe(201);
    // The token from before the change is re-checked: it stops working within the session cache time.
    await eventually(
      async () => (await engine.http('GET', '/api/me/account', { token: viewer.token })).status,
      (status) => status === 401,
      5000,
    );
    // A second call changes the bio and keeps one kol role.
    const again = await engine.http('POST', '/api/me/creator', { token: became.body.token, body: { bio: 'Now on Saturdays' } });
    expect(again.body.user.roles).toEqual(['viewer', 'kol']);
    expect(again.body.creator.bio).toBe('Now on Saturdays');
  });

  it('a store is approved at once: the fresh token can list products', async () => {
    const viewer = await make.user();
    const opened = await engine.http('PUT', '/api/me/store', { token: viewer.token, body: STORE });
    expect(opened.status).toBe(200);
    expect(opened.body.store).toMatchObject({ name: STORE.name, logoUrl: STORE.logoUrl, status: 'approved' });
    expect(opened.body.user.roles).toContain('merchant');
    const product = await engine.http('POST', '/api/products', {
      token: opened.body.token,
      body: { title: 'Longjing tea', description: 'Spring harvest', priceCents: 8800, stock: 5, kolCommissionBps: 1000 },
    });
    expect(product.status).toBe(201);
    const account = await engine.http('GET', '/api/me/account', { token: opened.body.token });
    expect(account.body).toMatchObject({ merchantApproval: 'auto', store: { status: 'approved' } });
  });

  it('checks the store form and the profile name', async () => {
    const viewer = await make.user();
    const bad = await engine.http('PUT', '/api/me/store', {
      token: viewer.token,
      body: { name: '', logoUrl: 'javascript:alert(1)', returnAddress: { ...ADDRESS, country: 'china' } },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.logoUrl', 'body.returnAddress.country']));
    expect((await engine.http('PUT', '/api/me/store', { body: STORE })).status).toBe(401);
    const renamed = await engine.http('PATCH', '/api/me/account', { token: viewer.token, body: { displayName: 'Mei L.' } });
    expect(renamed.body.user.displayName).toBe('Mei L.');
  });
});

describe('store requests wait for an admin (MERCHANT_APPROVAL=admin)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { MERCHANT_APPROVAL: 'admin' } });
    make = factories(engine);
    admin = await makeAdmin(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const queue = async (status = 'pending') =>
    (await engine.http('GET', `/api/admin/store-requests?status=${status}`, { token: admin.token })).body.items as {
      userId: string;
      name: string;
      displayName: string;
    }[];

  it('sign-up as a merchant gives no merchant role; the store request waits in the queue until approved', async () => {
    const seller = await make.user(['merchant']);
    expect(seller.user.roles).toEqual(['viewer']);
    const requested = await engine.http('PUT', '/api/me/store', { token: seller.token, body: STORE });
    expect(requested.status).toBe(200);
    expect(requested.body.store.status).toBe('pending');
    expect(requested.body.user.roles).not.toContain('merchant');
    expect((await engine.http('PUT', '/api/me/store', { token: seller.token, body: STORE })).body.error.code).toBe('STORE_REQUEST_PENDING');
    expect((await queue()).map((r) => r.userId)).toContain(seller.user.id);

    expect((await engine.http('GET', '/api/admin/store-requests', { token: seller.token })).status).toBe(403);
    expect((await engine.http('POST', `/api/admin/store-requests/${seller.user.id}/approve`, { token: seller.token })).status).toBe(403);

    const approved = await engine.http('POST', `/api/admin/store-requests/${seller.user.id}/approve`, { token: admin.token });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect((await engine.http('POST', `/api/admin/store-requests/${seller.user.id}/approve`, { token: admin.token })).body.error.code).toBe(
      'STORE_REQUEST_NOT_PENDING',
    );
    expect((await queue()).map((r) => r.userId)).not.toContain(seller.user.id);
    const notices = (await engine.http('GET', '/api/me/notifications', { token: seller.token })).body.items;
    expect(notices[0]).toMatchObject({ kind: 'store_approved', payload: { storeName: STORE.name } });
    const account = await engine.http('GET', '/api/me/account', { token: seller.token });
    expect(account.body.user.roles).toContain('merchant');
    // The page still signed in gets a token that carries the new role.
    expect((await engine.http('GET', '/api/merchants/me/products', { token: seller.token })).status).toBe(403);
    const fresh = await engine.http('POST', '/api/me/account/token', { token: seller.token });
    expect(fresh.body.user.roles).toContain('merchant');
    expect((await engine.http('GET', '/api/merchants/me/products', { token: fresh.body.token })).status).toBe(200);
  });

  it('a declined request says why, tells the user, and may be sent again', async () => {
    const seller = await make.user();
    await engine.http('PUT', '/api/me/store', { token: seller.token, body: STORE });
    const noReason = await engine.http('POST', `/api/admin/store-requests/${seller.user.id}/decline`, { token: admin.token, body: {} });
    expect(noReason.status).toBe(400);
    const declined = await engine.http('POST', `/api/admin/store-requests/${seller.user.id}/decline`, {
      token: admin.token,
      body: { reason: 'The return address is a PO box' },
    });
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'The return address is a PO box' });
    expect((await queue('declined')).map((r) => r.userId)).toContain(seller.user.id);
    const notices = (await engine.http('GET', '/api/me/notifications', { token: seller.token })).body.items;
    expect(notices[0]).toMatchObject({ kind: 'store_declined', payload: { reason: 'The return address is a PO box' } });
    const again = await engine.http('PUT', '/api/me/store', { token: seller.token, body: { ...STORE, name: 'Tea House 2' } });
    expect(again.body.store).toMatchObject({ status: 'pending', declineReason: null, name: 'Tea House 2' });
    const unknown = await engine.http('POST', '/api/admin/store-requests/00000000-0000-4000-8000-000000000000/approve', {
      token: admin.token,
    });
    expect(unknown.status).toBe(404);
  });
});
