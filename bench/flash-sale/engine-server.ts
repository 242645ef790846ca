// Target (b): the real engine (API server only, as `npm start` runs it with PostgreSQL; the
// BullMQ workers are their own process). Logs at warn, so no request log line is written.
//   env: DATABASE_URL, REDIS_URL, REDIS_PREFIX; prints {type: 'ready', port} over IPC.
import { loadConfig } from '../../server/src/config.ts';
import { startEngine } from '../../server/src/engine.ts';
import { createLogger } from '../../server/src/logger.ts';

const config = loadConfig();
const engine = await startEngine(config, { log: createLogger(config.logLevel), withMedia: false, withWorkers: false });
process.send?.({ type: 'ready', port: new URL(engine.url).port });
process.once('SIGTERM', () => {
  void engine.close().finally(() => process.exit(0));
});
