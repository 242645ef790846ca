import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix, type JobPayloads, type QueueName } from '../../server/src/jobs/queues.ts';
import type { Services } from '../../server/src/services.ts';
import { holdExpiry } from './processors/hold-expiry.ts';
import { orderSettlement } from './processors/order-settlement.ts';
import { saleClose } from './processors/sale-close.ts';
import { saleOpen } from './processors/sale-open.ts';

export interface WorkerLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

type Processors = { [N in QueueName]: (data: JobPayloads[N]) => Promise<unknown> };

/** One BullMQ Worker per queue, all on `connection`; close() lets running jobs finish. */
export async function startWorkers(deps: {
  services: Services;
  connection: Redis;
  redisPrefix: string;
  log: WorkerLog;
}): Promise<RunningWorkers> {
  const processors: Processors = {
    'sale-open': saleOpen(deps.services),
    'sale-close': saleClose(deps.services),
    'hold-expiry': holdExpiry(deps.services),
    'order-settlement': orderSettlement(deps.services),
  };
  const workers = (Object.keys(processors) as QueueName[]).map((name) => {
    const process = processors[name] as (data: unknown) => Promise<unknown>;
    const worker = new Worker(name, async (job: Job) => process(job.data), {
      connection: deps.connection,
      prefix: bullPrefix(deps.redisPrefix),
      concurrency: name === 'order-settlement' ? 8 : 2,
    });
    worker.on('failed', (job, error) => deps.log.error({ queue: name, jobId: job?.id, err: error }, 'job failed'));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
