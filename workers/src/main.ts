import { ConfigError, loadConfig } from '../../server/src/config.ts';
import { openInfra } from '../../server/src/infra.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createServices } from '../../server/src/services.ts';
import { startWorkers } from './start-workers.ts';

/** The BullMQ worker process: one Worker per queue; finishes running jobs on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel, undefined, config.logFormat).child({ component: 'workers' });
  if (!config.databaseUrl) {
    log.fatal('the worker process needs DATABASE_URL (with the embedded PGlite database the API server runs the workers itself)');
    process.exit(78);
  }
  const infra = openInfra(config);
  const services = createServices(infra, config);
  const running = await startWorkers({ services, connection: infra.queueConnection, redisPrefix: config.redisPrefix, log });
  log.info({ queues: running.workers.map((w) => w.name) }, 'workers are up');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'workers shutting down');
    setTimeout(() => process.exit(1), 15_000).unref();
    await running.close();
    services.flashSales.broadcaster?.close();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
