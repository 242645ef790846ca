// npm run db:migrate: applies the committed migrations to DATABASE_URL (or the embedded PGlite).
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from './client.ts';

const config = loadConfig();
const database = openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
await database.migrate();
await database.close();
process.stdout.write(`migrated ${database.kind}\n`);
