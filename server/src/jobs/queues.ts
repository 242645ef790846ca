import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** One queue per job kind, with its payload (BullMQ producers only; consumers live in workers/). */
export interface JobPayloads {
  'sale-open': { saleId: string };
  'sale-close': { saleId: string };
  'hold-expiry': Record<string, never>;
  'sale-journal': Record<string, never>;
  'sale-reconcile': Record<string, never>;
  'order-settlement': { orderId: string };
  'order-expiry': { orderId: string };
  'order-auto-complete': { orderId: string };
  'commission-settlement': { orderId: string };
  payouts: Record<string, never>;
  'payout-transfer': { payoutId: string };
  'now-live-fanout': { streamId: string; kolId: string; title: string; afterFollowerId: string | null };
  'fan-points': Record<string, never>;
  'group-deadline': { groupId: string };
  'refund-request-auto-approve': { requestId: string };
}
export type QueueName = keyof JobPayloads;
export const QUEUE_NAMES = [
  'sale-open',
  'sale-close',
  'hold-expiry',
  'sale-journal',
  'sale-reconcile',
  'order-settlement',
  'order-expiry',
  'order-auto-complete',
  'commission-settlement',
  'payouts',
  'payout-transfer',
  'now-live-fanout',
  'fan-points',
  'group-deadline',
  'refund-request-auto-approve',
] as const satisfies readonly QueueName[];

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/** How often a job is tried, and the wait before the second try (doubled after each one). */
export interface JobRetries {
  attempts: number;
  firstBackoffMs: number;
}

const toJobOptions = (retries: JobRetries | undefined): JobsOptions =>
  retries ? { attempts: retries.attempts, backoff: { type: 'exponential', delay: retries.firstBackoffMs } } : {};

const PENDING_STATES = new Set<string>(['waiting', 'waiting-children', 'prioritized', 'delayed', 'active']);

export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

export class Queues {
  readonly #queues: { [N in QueueName]: Queue<JobPayloads[N]> };

  /** `retries` overrides how often and how patiently some queues' jobs are tried (the others: 8 tries from 500 ms). */
  constructor(deps: { connection: Redis; redisPrefix: string; retries?: Partial<Record<QueueName, JobRetries>> }) {
    const make = <N extends QueueName>(name: N) =>
      new Queue<JobPayloads[N]>(name, {
        connection: deps.connection,
        prefix: bullPrefix(deps.redisPrefix),
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...toJobOptions(deps.retries?.[name]) },
      });
    this.#queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, make(name)])) as { [N in QueueName]: Queue<JobPayloads[N]> };
  }

  /**
   * Adds a job with a deterministic id (no `:`), so adding it twice queues it once.
   * `runAt` delays it until then (now or in the past: at once).
   */
  async add<N extends QueueName>(name: N, jobId: string, payload: JobPayloads[N], runAt?: Date): Promise<void> {
    const delay = runAt ? Math.max(0, runAt.getTime() - Date.now()) : 0;
    // BullMQ's typings want the name and data to line up per queue; the map above guarantees it.
    const queue = this.#queues[name] as unknown as Queue<JobPayloads[N]>;
    await (queue as Queue).add(name, payload, { jobId, delay });
  }

  /** Runs a payload-less job every `everyMs` (one scheduler per queue, however many processes call this). */
  async scheduleRepeating(name: 'hold-expiry' | 'sale-journal' | 'sale-reconcile' | 'fan-points', everyMs: number): Promise<void> {
    const queue = this.#queues[name] as unknown as Queue;
    await queue.upsertJobScheduler(`${name}-every`, { every: everyMs }, { name, data: {} });
  }

  /** Removes a waiting or delayed job; a no-op when it is gone or already running. */
  async remove(name: QueueName, jobId: string): Promise<void> {
    await (this.#queues[name] as unknown as Queue).remove(jobId).catch(() => 0);
  }

  /** Whether the job still has work ahead: waiting, delayed between retries, or running. */
  async isPending(name: QueueName, jobId: string): Promise<boolean> {
    const state = await (this.#queues[name] as unknown as Queue).getJobState(jobId);
    return PENDING_STATES.has(state);
  }

  /** Whether the job ran to its end (completed, or failed for good) and BullMQ still keeps it, so its id is taken. */
  async isFinished(name: QueueName, jobId: string): Promise<boolean> {
    const state = await (this.#queues[name] as unknown as Queue).getJobState(jobId);
    return state === 'completed' || state === 'failed';
  }

  /** Job counts per queue, for /api/health. */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      QUEUE_NAMES.map(async (name) => [name, await this.#queues[name].getJobCounts('waiting', 'active', 'delayed', 'failed')] as const),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  async close(): Promise<void> {
    await Promise.all(QUEUE_NAMES.map((name) => this.#queues[name].close()));
  }
}
