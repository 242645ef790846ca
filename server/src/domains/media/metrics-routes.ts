import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Media } from '../../../../media/src/index.ts';
import { AppError } from '../../errors.ts';
import type { TokenService } from '../auth/tokens.ts';
import { MediaObjectCounts } from './object-counts.ts';

/** The Prometheus registry of the media plane: objects and CPU per mediasoup worker. */
export function createMediaMetrics(media: Media): Registry {
  const registry = new Registry();
  const counts = new MediaObjectCounts(media.pool);
  const labelNames = ['worker'] as const;
  const perWorker = (name: string, help: string, key: 'routers' | 'transports' | 'producers' | 'consumers') =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const row of counts.snapshot()) this.set({ worker: String(row.slot) }, row[key]);
      },
    });

  new Gauge({
    name: 'streamcart_mediasoup_workers',
    help: 'mediasoup workers that are alive',
    registers: [registry],
    collect() {
      this.set(counts.snapshot().filter((row) => row.alive).length);
    },
  });
  new Gauge({
    name: 'streamcart_mediasoup_worker_pid',
    help: 'Process id of the mediasoup worker in each slot (changes when a dead worker is replaced)',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of counts.snapshot()) this.set({ worker: String(row.slot) }, row.pid);
    },
  });
  perWorker('streamcart_mediasoup_routers', 'Routers (one per live stream) on each worker', 'routers');
  perWorker('streamcart_mediasoup_transports', 'WebRTC transports on each worker', 'transports');
  perWorker('streamcart_mediasoup_producers', 'Producers (published tracks) on each worker', 'producers');
  perWorker('streamcart_mediasoup_consumers', 'Consumers (tracks sent to viewers) on each worker', 'consumers');

  new Counter({
    name: 'streamcart_mediasoup_worker_cpu_seconds_total',
    help: 'User plus system CPU time of the mediasoup worker in each slot (restarts at 0 with a new worker)',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        media.pool.slots.map(async (slot) => {
          if (slot.worker.died || slot.worker.closed) return;
          const usage = await slot.worker.getResourceUsage().catch(() => undefined);
          if (usage) this.inc({ worker: String(slot.index) }, (usage.ru_utime + usage.ru_stime) / 1000);
        }),
      );
    },
  });

  const restarts = new Counter({
    name: 'streamcart_mediasoup_worker_restarts_total',
    help: 'mediasoup workers that died and were replaced',
    labelNames,
    registers: [registry],
  });
  media.pool.on('workerreplaced', ({ index }) => restarts.inc({ worker: String(index) }));
  return registry;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics: Prometheus text format, for a scraper holding `metricsToken` or an admin's own
 * token; anyone else gets 401 or 403 (worker load and stream counts are not for the public).
 */
export const mediaMetricsRoutes: FastifyPluginAsync<{ media: Media; tokens: TokenService; metricsToken: string | undefined }> = async (
  app,
  { media, tokens, metricsToken },
) => {
  const registry = createMediaMetrics(media);
  const scraperDigest = metricsToken ? digest(metricsToken) : undefined;
  const isScraper = (bearer: string) => scraperDigest !== undefined && timingSafeEqual(digest(bearer), scraperDigest);
  app.get(
    '/metrics',
    {
      config: { ownAuthorization: true },
      schema: { tags: ['metrics'], summary: 'Prometheus metrics of the media plane (METRICS_TOKEN or an admin token)' },
    },
    async (request, reply) => {
      const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!bearer) throw new AppError('UNAUTHENTICATED', 'Send METRICS_TOKEN or an admin token as a bearer token');
      if (!isScraper(bearer)) {
        const principal = await tokens.verify(bearer);
        if (!principal) throw new AppError('UNAUTHENTICATED', 'The token is invalid or expired');
        if (!principal.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Metrics are for admins and the metrics scraper');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};
