import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createMedia, type Media } from '../../media/src/index.ts';
import { resolveWorkerBin } from '../../media/src/worker-bin.ts';
import { type RunningWorkers, startWorkers } from '../../workers/src/start-workers.ts';
import { buildApp } from './app.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { commentSocketHandlers } from './domains/comments/events.ts';
import { startFlashSaleUpkeep } from './domains/flash-sales/upkeep.ts';
import { groupBuySocketHandlers } from './domains/group-buys/events.ts';
import { mediaSocketHandlers } from './domains/media/events.ts';
import { mediaMetricsRoutes } from './domains/media/metrics-routes.ts';
import { trackMediaFlow } from './domains/media/media-flow.ts';
import { MediaSignalling } from './domains/media/signalling.ts';
import { watchStreamEnds } from './domains/media/stream-end-watcher.ts';
import { streamSocketHandlers } from './domains/streams/events.ts';
import { type Infra, openInfra } from './infra.ts';
import { createGateway, type Gateway } from './realtime/gateway.ts';
import { createQueueConnection } from './redis/client.ts';
import { createServices, type Services } from './services.ts';
import { versions } from './versions.ts';

export interface Engine {
  app: FastifyInstance;
  gateway: Gateway;
  services: Services;
  infra: Infra;
  media: Media | undefined;
  mediaSignalling: MediaSignalling | undefined;
  workers: RunningWorkers | undefined;
  /** http://host:port the server listens on. */
  url: string;
  close(): Promise<void>;
}

export interface EngineOptions {
  log: FastifyBaseLogger;
  /** Start the mediasoup workers (the API server does; most tests don't need them). */
  withMedia: boolean;
  /** Run the BullMQ workers in this process (PGlite, tests) instead of the worker process. */
  withWorkers: boolean;
  clock?: Clock;
  holdSweepEveryMs?: number;
  /** How often fans' engagement points reach PostgreSQL. */
  fanPointsEveryMs?: number;
}

/** Opens the clients, migrates, builds the app, listens and attaches Socket.IO. */
export async function startEngine(config: Readonly<Config>, options: EngineOptions): Promise<Engine> {
  const { log } = options;
  const infra = openInfra(config);
  try {
    await infra.database.migrate();
  } catch (error) {
    await infra.close().catch(() => {});
    throw new Error(
      `Database migration failed (${config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : `PGlite in ${config.dataDir}`}): ${String(error)}. ` +
        'Check that the database is up and DATABASE_URL is right, or unset it to use the embedded PGlite.',
      { cause: error },
    );
  }

  let listeningPort = config.port;
  const services = createServices(infra, config, {
    ...(options.clock ? { clock: options.clock } : {}),
    // The sandbox provider calls our own webhook on the port we really listen on.
    webhookUrl: () => `http://127.0.0.1:${listeningPort}/api/payments/webhook`,
    // With PORT=0 (tests) the public address is known only once the server listens.
    publicUrl: () => (config.port === 0 ? `http://127.0.0.1:${listeningPort}` : config.publicUrl),
  });
  // Chat bans into Redis before the first comment, so that comment does not wait for PostgreSQL.
  await services.chatBans.loadFlags();

  const media = options.withMedia
    ? await createMedia(
        {
          numWorkers: config.mediasoup.numWorkers,
          consumersPerRouter: config.mediasoup.consumersPerRouter,
          listenIp: config.rtc.listenIp,
          rtcMinPort: config.rtc.minPort,
          rtcMaxPort: config.rtc.maxPort,
          ...(config.rtc.announcedAddress ? { announcedAddress: config.rtc.announcedAddress } : {}),
          workerBin: resolveWorkerBin(config.mediasoup.workerBin),
        },
        log.child({ component: 'media' }),
      )
    : undefined;

  const app = await buildApp({
    services,
    logger: log,
    versions: versions(),
    web: { publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins, metricsToken: config.metricsToken },
    healthChecks: {
      database: () => infra.database.ping(),
      redis: () => infra.redis.ping(),
      queues: () => infra.queues.counts(),
      ...(media
        ? {
            media: async () => {
              const health = media.health();
              if (!health.ok) throw new Error('a mediasoup worker is down');
              return health;
            },
          }
        : {}),
    },
  });
  if (media) await app.register(mediaMetricsRoutes, { media, tokens: services.tokens, metricsToken: config.metricsToken });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  if (address && typeof address === 'object') listeningPort = address.port;

  const subscriber = createQueueConnection(config.redisUrl);
  const mediaSignalling = media && new MediaSignalling({ media, streams: services.streams, bus: services.bus, log: app.log });
  // Streams are listed LIVE, and followers told, only once media reaches the SFU (ADR 0014).
  const mediaFlow = media && trackMediaFlow({ media, streams: services.streams, log: app.log });
  if (mediaSignalling) watchStreamEnds(subscriber, services.bus.channel, (streamId) => mediaSignalling.endStream(streamId));
  const streamEvents = streamSocketHandlers({
    ...services,
    engagement: services.fanEngagement,
    commentBatchSlices: config.comments.batchSlices,
    log: app.log,
  });
  const gateway = await createGateway({
    httpServer: app.server,
    tokens: services.tokens,
    sessions: services.sessions,
    sessionCheckMs: config.sessions.socketCheckMs,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    allowedOrigins: config.allowedOrigins,
    subscriber,
    channel: services.bus.channel,
    commentBatch: { intervalMs: config.comments.batchMs, slices: config.comments.batchSlices },
    log: app.log,
    handlers: [
      streamEvents.handlers,
      commentSocketHandlers({ comments: services.comments, log: app.log }),
      groupBuySocketHandlers({ groupBuys: services.groupBuys, log: app.log }),
      ...(mediaSignalling ? [mediaSocketHandlers({ signalling: mediaSignalling, log: app.log })] : []),
    ],
  });

  streamEvents.startPresenceRenewal(gateway.live);

  const workers = options.withWorkers
    ? await startWorkers({
        services,
        connection: infra.queueConnection,
        redisPrefix: config.redisPrefix,
        log: log.child({ component: 'workers' }),
      })
    : undefined;
  const saleUpkeep = await startFlashSaleUpkeep({
    flashSales: services.flashSales,
    queues: infra.queues,
    log: log.child({ component: 'flash-sales' }),
    intervals: { sweepEveryMs: options.holdSweepEveryMs ?? 1000, journalEveryMs: Math.min(250, options.holdSweepEveryMs ?? 250) },
  });

  await infra.queues.scheduleRepeating('fan-points', options.fanPointsEveryMs ?? 5000);

  let closed = false;
  return {
    app,
    gateway,
    services,
    infra,
    media,
    mediaSignalling,
    workers,
    url: `http://127.0.0.1:${listeningPort}`,
    async close() {
      if (closed) return;
      closed = true;
      streamEvents.close();
      mediaFlow?.close();
      await gateway.close();
      await app.close();
      await workers?.close();
      media?.close();
      subscriber.disconnect();
      saleUpkeep.close();
      services.flashSales.broadcaster?.close();
      await services.comments.close();
      await infra.close();
    },
  };
}
