import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Queues } from '../../jobs/queues.ts';
import type { FlashSaleService } from './service.ts';

export interface UpkeepIntervals {
  /** Lapse expired holds and settle ended sales. */
  sweepEveryMs: number;
  /** Copy hold journals into PostgreSQL: the most a Redis crash can lose of holds not yet ordered. */
  journalEveryMs: number;
  /** Open and close whatever is overdue, whatever happened to the delayed jobs. */
  reconcileEveryMs: number;
  /** Look for a Redis that lost its data (a restart without persistence, a flush). */
  watchEveryMs: number;
}

const DEFAULTS: UpkeepIntervals = { sweepEveryMs: 1000, journalEveryMs: 250, reconcileEveryMs: 10_000, watchEveryMs: 1000 };

export interface FlashSaleUpkeep {
  close(): void;
}

/**
 * The flash sales' background care in this process: the repeatable jobs, a reconcile at start
 * (sales due while the engine was down open or close now), and a watch on Redis: when it comes
 * back empty, the jobs are scheduled again and the sales rebuilt from PostgreSQL.
 */
export async function startFlashSaleUpkeep(deps: {
  flashSales: FlashSaleService;
  queues: Queues;
  log: FastifyBaseLogger;
  intervals?: Partial<UpkeepIntervals>;
}): Promise<FlashSaleUpkeep> {
  const every = { ...DEFAULTS, ...deps.intervals };
  const epoch = randomUUID();
  const scheduleJobs = async () => {
    await deps.queues.scheduleRepeating('hold-expiry', every.sweepEveryMs);
    await deps.queues.scheduleRepeating('sale-journal', every.journalEveryMs);
    await deps.queues.scheduleRepeating('sale-reconcile', every.reconcileEveryMs);
  };

  await scheduleJobs();
  await deps.flashSales.store.markEpoch(epoch);
  const atStart = await deps.flashSales.reconcile();
  if (atStart.opened + atStart.closed + atStart.rebuilt > 0) deps.log.info(atStart, 'flash sales brought up to date at start');

  let isChecking = false;
  const check = async () => {
    if (await deps.flashSales.store.markEpoch(epoch)) return;
    deps.log.warn('Redis came back without its data: scheduling the flash-sale jobs again and rebuilding the sales from PostgreSQL');
    await scheduleJobs();
    deps.log.info(await deps.flashSales.reconcile(), 'flash sales rebuilt after Redis lost its data');
  };
  const timer = setInterval(() => {
    if (isChecking) return;
    isChecking = true;
    check()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'flash-sale upkeep check failed; trying again'))
      .finally(() => {
        isChecking = false;
      });
  }, every.watchEveryMs);
  timer.unref();

  return {
    close() {
      clearInterval(timer);
    },
  };
}
