import { type Job, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix, type JobPayloads, type QueueName } from '../../server/src/jobs/queues.ts';
import type { Services } from '../../server/src/services.ts';
import { commissionsSettlement } from './processors/commissions-settlement.ts';
import { fanPoints } from './processors/fan-points.ts';
import { groupDeadline } from './processors/group-deadline.ts';
import { holdExpiry } from './processors/hold-expiry.ts';
import { nowLiveFanout } from './processors/now-live-fanout.ts';
import { orderAutoComplete } from './processors/order-auto-complete.ts';
import { orderExpiry } from './processors/order-expiry.ts';
import { orderSettlement } from './processors/order-settlement.ts';
import { payoutTransfer } from './processors/payout-transfer.ts';
import { payoutRun, schedulePayouts } from './processors/payouts.ts';
import { refundRequestAutoApprove } from './processors/refund-request-auto-approve.ts';
import { saleClose } from './processors/sale-close.ts';
import { saleJournal } from './processors/sale-journal.ts';
import { saleOpen } from './processors/sale-open.ts';
import { saleReconcile } from './processors/sale-reconcile.ts';

export interface WorkerLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

type Processors = { [N in QueueName]: (data: JobPayloads[N], job: Job) => Promise<unknown> };

/**
 * Settlement jobs are short and idempotent: hundreds run at once so the ledger settles them in
 * a few shared transactions (LedgerService.settleOrderInBatch), and a killed process's jobs go
 * back to the queue within seconds instead of 30.
 */
export const WORKER_OPTIONS: Partial<Record<QueueName, Partial<WorkerOptions>>> = {
  'order-settlement': { concurrency: 600, lockDuration: 5_000, stalledInterval: 2_500, maxStalledCount: 10 },
  // Each run covers every tracked sale, so one at a time is enough.
  'hold-expiry': { concurrency: 1 },
  'sale-journal': { concurrency: 1 },
};

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
    'sale-journal': saleJournal(deps.services),
    'sale-reconcile': saleReconcile(deps.services),
    'order-settlement': orderSettlement(deps.services),
    'order-expiry': orderExpiry(deps.services),
    'order-auto-complete': orderAutoComplete(deps.services),
    'commission-settlement': commissionsSettlement(deps.services),
    payouts: payoutRun(deps.services),
    'payout-transfer': payoutTransfer(deps.services),
    'now-live-fanout': nowLiveFanout(deps.services),
    'fan-points': fanPoints(deps.services),
    'group-deadline': groupDeadline(deps.services),
    'refund-request-auto-approve': refundRequestAutoApprove(deps.services),
  };
  const workers = (Object.keys(processors) as QueueName[]).map((name) => {
    const process = processors[name] as (data: unknown, job: Job) => Promise<unknown>;
    const worker = new Worker(name, async (job: Job) => process(job.data, job), {
      connection: deps.connection,
      prefix: bullPrefix(deps.redisPrefix),
      concurrency: 2,
      ...WORKER_OPTIONS[name],
    });
    worker.on('failed', (job, error) => deps.log.error({ queue: name, jobId: job?.id, err: error }, 'job failed'));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  await schedulePayouts(deps.connection, bullPrefix(deps.redisPrefix));
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
