import { openDatabase } from '../../db/client.ts';
import { dropLeftoverTestDatabases, ensureTemplate } from './test-db.ts';

/** Once per run: the migrated template database that every test file copies. */
export async function setup(): Promise<void> {
  await dropLeftoverTestDatabases();
  await ensureTemplate(async (url) => {
    const database = openDatabase({ url, dataDir: '' });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
  });
}
