import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { AuthService } from '../src/domains/auth/service.ts';
import { SessionVersions } from '../src/domains/auth/session-versions.ts';
import { TokenService } from '../src/domains/auth/tokens.ts';
import { createRedis } from '../src/redis/client.ts';
import { deleteKeys, REDIS_URL } from './harness.ts';
import { createTestDatabase } from './test-db.ts';

const run = promisify(execFile);
const SECRET = 'grant-admin-test-secret-0123456789abcdef';
const REDIS_PREFIX = `tgrant${process.pid}`;

describe('npm run admin:grant -- <email>', () => {
  let pg: { url: string; drop: () => Promise<void> };
  let database: Database;
  let auth: AuthService;
  let tokens: TokenService;
  let dataDir: string;

  beforeAll(async () => {
    pg = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'streamcart-grant-'));
    database = openDatabase({ url: pg.url, dataDir });
    tokens = new TokenService(SECRET);
    auth = new AuthService({ db: database.db, tokens });
  });
  afterAll(async () => {
    await database?.close();
    await pg?.drop();
    await deleteKeys(REDIS_PREFIX);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const grant = (...args: string[]) =>
    run(process.execPath, ['scripts/grant-admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: pg.url, DATA_DIR: dataDir, JWT_SECRET: SECRET, REDIS_URL, REDIS_PREFIX },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('adds the admin role to an existing account and revokes its tokens; signing in again gives a token with it', async () => {
    const { user, token: before } = await auth.register({
      email: 'ops@example.test',
      password: 'correct horse battery',
      displayName: 'Ops',
      roles: ['viewer'],
    });
    expect((await tokens.verify(before))?.roles).toEqual(['viewer']);

    const granted = await grant('OPS@example.test');
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain('ops@example.test now has the roles viewer, admin. Their earlier tokens stop working');
    // Granting again changes nothing.
    expect((await grant('ops@example.test')).code).toBe(0);
    expect((await auth.getUser(user.id)).roles).toEqual(['viewer', 'admin']);

    const { token } = await auth.login('ops@example.test', 'correct horse battery');
    expect((await tokens.verify(token))?.roles).toEqual(['viewer', 'admin']);
    // The token signed before the grant keeps the roles it had, but its session is over.
    expect((await tokens.verify(before))?.roles).toEqual(['viewer']);
    const redis = createRedis(REDIS_URL, REDIS_PREFIX);
    try {
      const sessions = new SessionVersions({ db: database.db, redis });
      expect(await sessions.isCurrent(user.id, (await tokens.verify(before))?.sessionVersion ?? -1)).toBe(false);
      expect(await sessions.isCurrent(user.id, (await tokens.verify(token))?.sessionVersion ?? -1)).toBe(true);
    } finally {
      redis.disconnect();
    }
  }, 180_000);

  it('exits 1 for an unknown email and 2 without one', async () => {
    const unknown = await grant('nobody@example.test');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account has the email nobody@example.test');
    const usage = await grant();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run admin:grant -- <email');
  }, 180_000);
});
