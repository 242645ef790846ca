import { demoBanner, seedDemo } from '../../db/seed.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoSecrets } from './demo-secrets.ts';
import { startDemoFeed } from './domains/media/demo-feed.ts';
import { startEngine } from './engine.ts';
import { createLogger } from './logger.ts';

/** The API server process: config → engine → listen; closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const isDemo = process.env.STREAMCART_DEMO === '1';
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    if (isDemo && config.env === 'production') {
      throw new ConfigError('STREAMCART_DEMO=1 loads demo users and data: unset it for production (npm run serve never sets it).');
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  for (const name of config.devDefaults) {
    log.warn(`${name} is unset: using the one generated into ${config.dataDir}/secrets.json, so this instance stays on loopback`);
  }
  if (config.paymentsProvider === 'sandbox' && config.env === 'production') {
    log.warn('PAYMENTS_PROVIDER=sandbox: any buyer can mark their own order paid; never use it with real goods');
  }

  // PGlite is one process's database, so with it the workers run in this process.
  const withWorkers = !config.databaseUrl || process.env.STREAMCART_WORKERS_IN_PROCESS === '1';
  const engine = await startEngine(config, { log, withMedia: true, withWorkers }).catch((error: unknown) => {
    log.fatal({ err: error }, error instanceof Error ? error.message : 'start-up failed');
    process.exit(1);
  });
  log.info({ url: config.publicUrl, database: engine.infra.database.kind, workersInProcess: withWorkers }, 'streamcart is up');
  // Registered before the demo is seeded, so a Ctrl-C or SIGTERM while it seeds still closes the engine
  // (a library's own SIGTERM listener would otherwise keep the process, and its RTC ports, alive).
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    engine.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (isDemo) {
    const { adminPassword } = demoSecrets(config.dataDir);
    const demo = await seedDemo(engine.services, config.publicUrl, adminPassword);
    process.stdout.write(`${demoBanner(config.publicUrl, demo, adminPassword)}\n`);
    // A test pattern with a tone feeds the demo show, so its first viewer sees video (none without ffmpeg: then not LIVE).
    if (engine.media) await startDemoFeed({ media: engine.media, streams: engine.services.streams, streamId: demo.streamId, log });
  } else {
    log.info('no demo data and no admin account are created: give an account the admin role with `npm run admin:grant -- <email>`');
  }

}

await main();
