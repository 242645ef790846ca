import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

/** The PostgreSQL server the tests use; its `test` database is only used to create others. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations');
const LEFTOVER_AFTER_SEC = 3600;

/** The template is named after the migrations it holds, so concurrent runs share it safely. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    hash.update(readFileSync(path.join(MIGRATIONS, file)));
  return `sc_template_${hash.digest('hex').slice(0, 12)}`;
}

export function urlForDatabase(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

/** A fresh, migrated database for one test file (a copy of the template made in global setup). */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  // The creation time in the name lets a later run drop what a killed run left behind.
  const name = `sc_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((sql) => sql.unsafe(`create database ${name} template ${templateName()}`));
  return {
    url: urlForDatabase(name),
    drop: () => withAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** Creates the migrated template once per set of migrations (an advisory lock keeps concurrent runs apart). */
export async function ensureTemplate(migrate: (url: string) => Promise<void>): Promise<void> {
  const name = templateName();
  await withAdmin(async (sql) => {
    await sql`select pg_advisory_lock(4242)`;
    try {
      const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
      if (exists) return;
      const building = `${name}_building`;
      await sql.unsafe(`drop database if exists ${building} with (force)`);
      await sql.unsafe(`create database ${building}`);
      await migrate(urlForDatabase(building));
      await sql.unsafe(`alter database ${building} rename to ${name}`);
    } finally {
      await sql`select pg_advisory_unlock(4242)`;
    }
  });
}

/**
 * Drops test databases that a killed run left behind (older than an hour). Templates stay: another
 * run on the same server may be copying one made from other migrations.
 */
export async function dropLeftoverTestDatabases(): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  await withAdmin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'sc\\_test\\_%'`;
    for (const { datname } of rows) {
      const createdSec = Number(/^sc_test_(\d+)_/.exec(datname)?.[1] ?? 0);
      if (nowSec - createdSec > LEFTOVER_AFTER_SEC) await sql.unsafe(`drop database if exists ${datname} with (force)`);
    }
  });
}
