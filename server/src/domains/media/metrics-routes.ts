import type { FastifyPluginAsync } from 'fastify';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Media } from '../../../../media/src/index.ts';
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

/** GET /metrics: Prometheus text format. */
export const mediaMetricsRoutes: FastifyPluginAsync<{ media: Media }> = async (app, { media }) => {
  const registry = createMediaMetrics(media);
  app.get(
    '/metrics',
    { schema: { tags: ['metrics'], summary: 'Prometheus metrics of the media plane', security: [] } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
};
