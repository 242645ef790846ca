import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type Infra, openInfra } from '../src/infra.ts';
import { bullPrefix } from '../src/jobs/queues.ts';
import { eventually, REDIS_URL } from './harness.ts';
import { countSettledOrders, seedPaidOrders, settlementCounts } from './seed-paid-orders.ts';
import { createTestDatabase } from './test-db.ts';
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts';

/** The issue asks for 5,000; SETTLEMENT_FAULT_ORDERS lowers it on a slow CI machine. */
const ORDERS = Number(process.env.SETTLEMENT_FAULT_ORDERS ?? 5000);
const KILLS = 3;

describe('settlement in a worker process that is killed while it works', () => {
  let pg: Awaited<ReturnType<typeof createTestDatabase>>;
  let infra: Infra;
  let queue: Queue;
  let events: QueueEvents;
  let worker: WorkerProcess | undefined;
  let dataDir: string;
  const redisPrefix = `t${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    pg = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'streamcart-fault-'));
    infra = openInfra(loadConfig({ NODE_ENV: 'test', DATABASE_URL: pg.url, REDIS_URL, REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir }));
    queue = new Queue('order-settlement', { connection: infra.queueConnection, prefix: bullPrefix(redisPrefix) });
    events = new QueueEvents('order-settlement', { connection: { url: REDIS_URL }, prefix: bullPrefix(redisPrefix) });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await events?.close();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await infra?.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`settles ${ORDERS} paid orders exactly once, balanced, with no job lost, across ${KILLS} SIGKILLs of the worker process`, async () => {
    const { db } = infra.database;
    const { orderIds } = await seedPaidOrders(db, ORDERS);
    let stalled = 0;
    events.on('stalled', () => {
      stalled++;
    });
    for (let i = 0; i < orderIds.length; i += 1000) {
      await queue.addBulk(
        orderIds.slice(i, i + 1000).map((orderId) => ({
          name: 'order-settlement',
          data: { orderId },
          // As Queues.add() enqueues them in production (job id = order id, 8 attempts).
          opts: {
            jobId: `order-settlement-${orderId}`,
            attempts: 8,
            backoff: { type: 'exponential', delay: 500 },
            removeOnComplete: { count: 1000 },
          },
        })),
      );
    }

    const env = { DATABASE_URL: pg.url, REDIS_URL, REDIS_PREFIX: redisPrefix };
    worker = startWorkerProcess(env);
    await worker.ready;
    const killedAt: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // A random moment inside the kill-th quarter of the work.
      const threshold = Math.floor(ORDERS * ((kill - 1 + 0.2 + Math.random() * 0.6) / (KILLS + 1)));
      await eventually(
        () => countSettledOrders(db),
        (settled) => settled >= threshold,
        30_000,
      );
      expect(await worker.kill('SIGKILL')).toBe('SIGKILL');
      killedAt.push(await countSettledOrders(db));
      worker = startWorkerProcess(env);
      await worker.ready;
    }
    // The jobs the killed processes held come back once their locks lapse (BullMQ stalled-job recovery).
    await eventually(
      () => countSettledOrders(db),
      (settled) => settled === ORDERS,
      40_000,
    );
    const counts = await eventually(
      () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
      20_000,
    );
    expect(counts).toEqual({ waiting: 0, paused: 0, active: 0, delayed: 0, failed: 0, prioritized: 0 });

    expect(killedAt.every((settled) => settled < ORDERS)).toBe(true);
    expect(stalled).toBeGreaterThan(0);
    expect(await settlementCounts(db)).toEqual({
      settledOrders: ORDERS,
      duplicateSettlements: 0,
      unbalancedTransactions: 0,
      imbalanceCents: 0,
    });
  }, 90_000);
});
