import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_LOGINS, seedDemo } from '../../db/seed.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

// npm start generates it into DATA_DIR/secrets.json; the source holds no admin password.
const ADMIN_PASSWORD = 'generated-admin-password-for-this-test';

describe('the demo data of npm start', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const signIn = async (index: number) => {
    const login = index === DEMO_LOGINS.length ? { ...DEMO_ADMIN, password: ADMIN_PASSWORD } : DEMO_LOGINS[index];
    if (!login) throw new Error('no such demo login');
    const answer = await engine.http('POST', '/api/auth/login', { body: { email: login.email, password: login.password } });
    expect(answer.status).toBe(200);
    return answer.body.token as string;
  };

  it('gives a live stream, a flash sale and a paid order to ship, and the same ones when it runs again', async () => {
    const first = await seedDemo(engine.services, engine.url, ADMIN_PASSWORD);
    const again = await seedDemo(engine.services, engine.url, ADMIN_PASSWORD);
    expect(again).toEqual(first);

    const stream = await engine.http('GET', `/api/streams/${first.streamId}`);
    expect(stream.body.status).toBe('live');
    expect((await engine.http('GET', `/api/flash-sales/${first.flashSaleId}`)).body.status).toBe('scheduled');

    const [merchantToken, kolToken, viewerToken] = await Promise.all([signIn(0), signIn(1), signIn(2)]);
    const mine = await engine.http('GET', '/api/me/orders', { token: viewerToken });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: first.orderId, status: 'paid', items: [{ quantity: 2 }] });
    const toShip = await engine.http('GET', '/api/merchants/me/orders?status=paid', { token: merchantToken });
    expect(toShip.body.items.map((o: { id: string }) => o.id)).toEqual([first.orderId]);
    // Paid in the stream: the KOL's commission is on the ledger.
    await eventually(
      async () => (await engine.http('GET', '/api/me/earnings', { token: kolToken })).body.pendingCents as number,
      (cents) => cents > 0,
    );
  });

  it('gives an admin login that opens the admin routes', async () => {
    await seedDemo(engine.services, engine.url, ADMIN_PASSWORD);
    const adminToken = await signIn(3);
    expect((await engine.http('GET', '/api/me', { token: adminToken })).body).toMatchObject({ roles: ['admin'], suspension: null });
    expect((await engine.http('GET', '/api/admin/reports', { token: adminToken })).status).toBe(200);
    expect((await engine.http('GET', '/api/admin/reports', { token: await signIn(2) })).status).toBe(403);
  });

  it('gives an admin left by an earlier run the newly generated password, and the old one stops working', async () => {
    await seedDemo(engine.services, engine.url, ADMIN_PASSWORD);
    const before = await signIn(DEMO_LOGINS.length);
    await seedDemo(engine.services, engine.url, 'a-newer-generated-password');
    const login = (password: string) => engine.http('POST', '/api/auth/login', { body: { email: DEMO_ADMIN.email, password } });
    expect((await login(ADMIN_PASSWORD)).status).toBe(401);
    expect((await login('a-newer-generated-password')).status).toBe(200);
    // Its sessions were revoked with the password change.
    expect((await engine.http('GET', '/api/me', { token: before })).status).toBe(401);
  });
});
