import { randomBytes } from 'node:crypto';
import { setup as ensureTestTemplate } from '../../server/test/global-setup.ts';
import { deleteKeys } from '../../server/test/harness.ts';
import { createTestDatabase } from '../../server/test/test-db.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs a benchmark on its own migrated PostgreSQL database and Redis prefix, dropped afterwards. */
export async function withScratch<T>(run: (scratch: { databaseUrl: string; redisPrefix: string }) => Promise<T>): Promise<T> {
  await ensureTestTemplate();
  const database = await createTestDatabase();
  const redisPrefix = `b${randomBytes(5).toString('hex')}`;
  try {
    return await run({ databaseUrl: database.url, redisPrefix });
  } finally {
    await database.drop();
    await deleteKeys(redisPrefix, REDIS_URL);
  }
}
