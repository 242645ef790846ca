// npm run db:migrate: applies the committed migrations to DATABASE_URL (or the embedded PGlite).
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { openDatabase } from './client.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const database = openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
await database.migrate();
await database.close();
process.stdout.write(`migrated ${database.kind}\n`);
