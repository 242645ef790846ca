import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The PostgreSQL server the tests use; its `test` database is only used to create others. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEMPLATE_DB = 'streamcart_test_template';

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
  const name = `sc_test_${randomBytes(5).toString('hex')}`;
  await withAdmin((sql) => sql.unsafe(`create database ${name} template ${TEMPLATE_DB}`));
  return {
    url: urlForDatabase(name),
    drop: () => withAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

export async function recreateTemplate(migrate: (url: string) => Promise<void>): Promise<void> {
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await sql.unsafe(`create database ${TEMPLATE_DB}`);
  });
  await migrate(urlForDatabase(TEMPLATE_DB));
}

export async function dropLeftoverTestDatabases(): Promise<void> {
  await withAdmin(async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'sc_test_%'`;
    for (const { datname } of rows) await sql.unsafe(`drop database if exists ${datname} with (force)`);
  });
}
