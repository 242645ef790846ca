import { openDatabase } from '../../db/client.ts';
import { dropLeftoverTestDatabases, recreateTemplate } from './test-db.ts';

/** Once per run: a migrated template database that every test file copies. */
export async function setup(): Promise<() => Promise<void>> {
  await dropLeftoverTestDatabases();
  await recreateTemplate(async (url) => {
    const database = openDatabase({ url, dataDir: '' });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
  });
  return async () => {
    await dropLeftoverTestDatabases();
  };
}
