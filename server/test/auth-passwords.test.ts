import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/index.ts';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

const PASSWORD = 'correct horse battery';

describe('passwords at sign-in: parameters in the hash, rehash, no account enumeration by timing', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PASSWORD_SCRYPT_N: '32768' } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const db = () => engine.infra.database.db;
  const hashOf = async (userId: string) =>
    (await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)))[0]?.hash ?? '';
  const login = (email: string, password: string) => engine.http('POST', '/api/auth/login', { body: { email, password } });

  it('stores new passwords as scrypt$N$r$p$salt$hash with the configured N', async () => {
    const user = await make.user();
    expect(await hashOf(user.user.id)).toMatch(/^scrypt\$32768\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
  });

  it('signs in with an older scrypt$salt$hash and upgrades it to the current parameters', async () => {
    const user = await make.user();
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('hex')}$${scryptSync(PASSWORD, salt, 32).toString('hex')}`;
    await db().update(users).set({ passwordHash: legacy }).where(eq(users.id, user.user.id));

    expect((await login(user.user.email, 'not the password')).status).toBe(401);
    expect(await hashOf(user.user.id)).toBe(legacy);
    expect((await login(user.user.email, PASSWORD)).status).toBe(200);
    const upgraded = await hashOf(user.user.id);
    expect(upgraded).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect((await login(user.user.email, PASSWORD)).status).toBe(200);
    expect(await hashOf(user.user.id)).toBe(upgraded);
  });

  it('runs the same scrypt work for an unknown email as for a wrong password, and answers the same', async () => {
    const user = await make.user();
    const passwords = engine.services.passwords;
    await login('warm-up-nobody@example.test', 'x'); // makes the dummy hash once

    let before = passwords.runs;
    const wrong = await login(user.user.email, 'a wrong guess');
    const knownRuns = passwords.runs - before;
    before = passwords.runs;
    const unknown = await login(`nobody-${randomBytes(4).toString('hex')}@example.test`, 'a wrong guess');
    const unknownRuns = passwords.runs - before;

    expect(knownRuns).toBe(1);
    expect(unknownRuns).toBe(knownRuns);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
  });
});
