import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/index.ts';
import { factories, type MadeUser } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const SECRET = 'auth-sessions-test-secret-0123456789abcdef';
/** The JWT secret once written in config.ts: tokens signed with it must never work. */
const PUBLISHED_DEV_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const PASSWORD = 'correct horse battery';

describe('token lifecycle: session versions, logout, password change', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { JWT_SECRET: SECRET, SESSION_SOCKET_CHECK_MS: '200' } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const me = (token: string) => engine.http('GET', '/api/me', { token });
  const login = (email: string, password = PASSWORD) => engine.http('POST', '/api/auth/login', { body: { email, password } });
  const sign = (claims: Record<string, unknown>, secret = SECRET, withExp = true) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
    return (withExp ? jwt.setExpirationTime('1h') : jwt).sign(new TextEncoder().encode(secret));
  };
  const disconnected = (socket: Awaited<ReturnType<TestEngine['connect']>>) =>
    new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  it('logout revokes every token of the user at once and disconnects their sockets; signing in again works', async () => {
    const user: MadeUser = await make.user();
    const second = (await login(user.user.email)).body.token as string;
    const socket = await engine.connect(user.token);
    const gone = disconnected(socket);
    expect((await me(user.token)).status).toBe(200);

    expect((await engine.http('POST', '/api/auth/logout', { token: second })).status).toBe(204);
    for (const token of [user.token, second]) {
      const answer = await me(token);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await gone).toBe('io server disconnect');
    // A revoked token cannot open a socket either.
    await expect(engine.connect(user.token)).rejects.toThrow('UNAUTHENTICATED');

    const again = await login(user.user.email);
    expect(again.status).toBe(200);
    expect((await me(again.body.token)).status).toBe(200);
    expect((await engine.http('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('a password change revokes earlier tokens and answers with a new one; the old password stops working', async () => {
    const user = await make.user();
    const other = (await login(user.user.email)).body.token as string;
    const change = (body: unknown, token = user.token) => engine.http('POST', '/api/me/password', { token, body });

    const wrong = await change({ currentPassword: 'not it at all', newPassword: 'a new long password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(400);
    expect((await me(other)).status).toBe(200);

    const changed = await change({ currentPassword: PASSWORD, newPassword: 'a new long password' });
    expect(changed.status).toBe(200);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(other)).status).toBe(401);
    expect((await me(changed.body.token)).status).toBe(200);
    expect((await login(user.user.email)).status).toBe(401);
    expect((await login(user.user.email, 'a new long password')).status).toBe(200);
  });

  it('refuses tokens without exp, with a bad session version, for deleted users, and signed with the published dev secret', async () => {
    const user = await make.user();
    const claims = { sub: user.user.id, roles: ['viewer'], sv: 0 };
    expect((await me(await sign(claims))).status).toBe(200);
    for (const token of [
      await sign(claims, SECRET, false),
      await sign({ ...claims, sv: 1 }),
      await sign({ sub: user.user.id, roles: ['viewer'] }),
      await sign(claims, PUBLISHED_DEV_SECRET),
    ]) {
      const answer = await me(token);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
    // Account deletion bumps: the deleted user's tokens stay refused.
    const leaving = await make.user();
    await engine.infra.database.db.delete(users).where(eq(users.id, leaving.user.id));
    await engine.services.sessions.bump(leaving.user.id);
    expect((await me(leaving.token)).status).toBe(401);
  });

  it('the published dev secret forges nothing on an engine started without JWT_SECRET either', async () => {
    const plain = await startTestEngine();
    try {
      const user = await factories(plain).user();
      const forged = await sign({ sub: user.user.id, roles: ['viewer', 'admin'], sv: 0 }, PUBLISHED_DEV_SECRET);
      expect((await plain.http('GET', '/api/me', { token: forged })).status).toBe(401);
      expect((await plain.http('GET', '/api/me', { token: user.token })).status).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('a bump reaches tokens and sockets within seconds, and survives Redis losing its session copies', async () => {
    const user = await make.user(['merchant']);
    const socket = await engine.connect(user.token);
    const gone = disconnected(socket);
    await engine.services.sessions.bump(user.user.id);
    await eventually(
      () => me(user.token).then((r) => r.status),
      (status) => status === 401,
      3000,
    );
    expect(await gone).toBe('io server disconnect');

    // Redis loses its copies (as in a flush: the epoch too): they come back from PostgreSQL, the token stays revoked.
    const { Redis } = await import('ioredis');
    const raw = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      expect(await raw.del(`${engine.redisPrefix}:session:{${user.user.id}}:v`, `${engine.redisPrefix}:session:epoch`)).toBe(2);
    } finally {
      raw.disconnect();
    }
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(user.token)).status).toBe(401);
    expect((await me((await login(user.user.email)).body.token)).status).toBe(200);
  });

  it('a role granted by admin:grant needs a new sign-in, which carries it', async () => {
    const user = await make.user();
    await engine.services.auth.grantRole(user.user.email, 'admin');
    await engine.services.sessions.bump(user.user.id);
    expect((await engine.http('GET', '/api/admin/reports', { token: user.token })).status).toBe(401);
    const admin = (await login(user.user.email)).body.token as string;
    expect((await engine.http('GET', '/api/admin/reports', { token: admin })).status).toBe(200);
  });
});
