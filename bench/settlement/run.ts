// Orders settled per second by the separate worker process (one, then two), against two
// baselines measured in the same run on the same machine:
//   - db-only:   LedgerService.settleOrderInBatch() called straight from this process (no BullMQ);
//   - queue-only: BullMQ jobs that do nothing, through one Worker in this process (no database).
// Each scenario gets a fresh database and Redis prefix, N paid orders seeded in bulk, N jobs
// queued while the queue is paused; the clock runs from resume until the last order is settled.
//
// Every scenario runs --runs times, interleaved, and the table shows the median (and the range):
// the machine is shared, so single runs swing.
//
//   node bench/settlement/run.ts [--orders 20000] [--workers 1,2] [--runs 3] [--out bench/results]
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/config.ts';
import { openInfra } from '../../server/src/infra.ts';
import { bullPrefix } from '../../server/src/jobs/queues.ts';
import { createServices } from '../../server/src/services.ts';
import { countSettledOrders, seedPaidOrders, settlementCounts } from '../../server/test/seed-paid-orders.ts';
import { startWorkerProcess } from '../../server/test/worker-process.ts';
import { WORKER_OPTIONS } from '../../workers/src/start-workers.ts';
import { withScratch } from '../lib/scratch.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '1,2' },
    out: { type: 'string', default: 'bench/results' },
    runs: { type: 'string', default: '3' },
    'time-limit-s': { type: 'string', default: '120' },
  },
});
const ORDERS = Number(args.orders);
const WORKER_COUNTS = args.workers.split(',').map(Number);
const TIME_LIMIT_MS = Number(args['time-limit-s']) * 1000;
const RUNS = Number(args.runs);
const _ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_PER_SEC = 3000;
const SETTLEMENT_CONCURRENCY = WORKER_OPTIONS['order-settlement']?.concurrency ?? 1;

interface Result {
  scenario: string;
  orders: number;
  seconds: number;
  perSecond: number;
  duplicateSettlements: number | null;
  unbalancedTransactions: number | null;
  imbalanceCents: number | null;
  failedJobs: number;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + TIME_LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${TIME_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The real thing: N settlement jobs through `workerCount` separate worker processes. */
async function workerProcesses(workerCount: number): Promise<Result> {
  return withScratch(async ({ databaseUrl, redisPrefix }) => {
    const infra = openInfra(loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix, DATA_DIR: os.tmpdir() }));
    const { db } = infra.database;
    const { orderIds } = await seedPaidOrders(db, ORDERS);
    // A live database has planner statistics; a freshly seeded one gets them here.
    await db.execute(sql`analyze`);
    const queue = new Queue('order-settlement', { connection: infra.queueConnection, prefix: bullPrefix(redisPrefix) });
    await queue.pause();
    for (let i = 0; i < orderIds.length; i += 1000) {
      await queue.addBulk(
        orderIds.slice(i, i + 1000).map((orderId) => ({
          name: 'order-settlement',
          data: { orderId },
          opts: {
            jobId: `order-settlement-${orderId}`,
            attempts: 8,
            backoff: { type: 'exponential', delay: 500 },
            removeOnComplete: { count: 1000 },
          },
        })),
      );
    }
    const workers = Array.from({ length: workerCount }, () =>
      startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix }),
    );
    try {
      await Promise.all(workers.map((w) => w.ready));
      const started = performance.now();
      await queue.resume();
      await until(async () => (await countSettledOrders(db)) >= ORDERS, `${workerCount} worker process(es)`);
      const seconds = (performance.now() - started) / 1000;
      const counts = await settlementCounts(db);
      const failedJobs = await queue.getFailedCount();
      return {
        scenario: `${workerCount} worker process${workerCount > 1 ? 'es' : ''}`,
        orders: ORDERS,
        seconds,
        perSecond: ORDERS / seconds,
        duplicateSettlements: counts.duplicateSettlements,
        unbalancedTransactions: counts.unbalancedTransactions,
        imbalanceCents: counts.imbalanceCents,
        failedJobs,
      };
    } finally {
      await Promise.all(workers.map((w) => w.kill('SIGTERM')));
      await queue.close();
      await infra.close();
    }
  });
}

/** Baseline: the same group-committed settlements called straight from this process, as many at a time as a worker runs, no queue. */
async function dbOnly(): Promise<Result> {
  return withScratch(async ({ databaseUrl, redisPrefix }) => {
    const config = loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix, DATA_DIR: os.tmpdir() });
    const infra = openInfra(config);
    const services = createServices(infra, config);
    const { orderIds } = await seedPaidOrders(infra.database.db, ORDERS);
    await infra.database.db.execute(sql`analyze`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SETTLEMENT_CONCURRENCY }, async () => {
        for (let i = next++; i < orderIds.length; i = next++) await services.ledger.settleOrderInBatch(orderIds[i] as string);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const counts = await settlementCounts(infra.database.db);
    await infra.close();
    return {
      scenario: 'baseline: settleOrderInBatch() without BullMQ',
      orders: ORDERS,
      seconds,
      perSecond: ORDERS / seconds,
      ...counts,
      failedJobs: 0,
    };
  });
}

/** Baseline: BullMQ alone, jobs that do nothing, one Worker with the settlement queue's concurrency. */
async function queueOnly(): Promise<Result> {
  return withScratch(async ({ redisPrefix }) => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const prefix = bullPrefix(redisPrefix);
    const queue = new Queue('noop', { connection, prefix });
    await queue.pause();
    for (let i = 0; i < ORDERS; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, ORDERS - i) }, (_, j) => ({
          name: 'noop',
          data: { i: i + j },
          opts: { removeOnComplete: { count: 1000 } },
        })),
      );
    }
    let done = 0;
    const worker = new Worker(
      'noop',
      async () => {
        done++;
      },
      { connection, prefix, concurrency: SETTLEMENT_CONCURRENCY },
    );
    await worker.waitUntilReady();
    const started = performance.now();
    await queue.resume();
    await until(async () => done >= ORDERS, 'queue-only');
    const seconds = (performance.now() - started) / 1000;
    await worker.close();
    await queue.close();
    connection.disconnect();
    return {
      scenario: 'baseline: BullMQ no-op jobs',
      orders: ORDERS,
      seconds,
      perSecond: ORDERS / seconds,
      duplicateSettlements: null,
      unbalancedTransactions: null,
      imbalanceCents: null,
      failedJobs: 0,
    };
  });
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism(),
    cpu,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    uptime: execSync('uptime').toString().trim(),
    postgres: 'local, 127.0.0.1:5432',
    redis: REDIS_URL,
  };
}

const before = machine();
const runs: Result[][] = [];
for (let run = 0; run < RUNS; run++) {
  const results: Result[] = [await queueOnly(), await dbOnly()];
  for (const count of WORKER_COUNTS) results.push(await workerProcesses(count));
  runs.push(results);
}
const after = { uptime: execSync('uptime').toString().trim() };
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const results = (runs[0] ?? []).map((first, i) => {
  const same = runs.map((r) => r[i] as Result);
  const rates = same.map((r) => r.perSecond);
  const worst = (key: 'duplicateSettlements' | 'unbalancedTransactions' | 'imbalanceCents') =>
    first[key] === null ? null : Math.max(...same.map((r) => Math.abs(r[key] ?? 0)));
  return {
    scenario: first.scenario,
    orders: first.orders,
    medianPerSecond: median(rates),
    minPerSecond: Math.min(...rates),
    maxPerSecond: Math.max(...rates),
    medianSeconds: median(same.map((r) => r.seconds)),
    duplicateSettlements: worst('duplicateSettlements'),
    unbalancedTransactions: worst('unbalancedTransactions'),
    imbalanceCents: worst('imbalanceCents'),
    failedJobs: Math.max(...same.map((r) => r.failedJobs)),
  };
});

const date = new Date().toISOString().slice(0, 10);
const outDir = path.resolve(args.out);
mkdirSync(outDir, { recursive: true });
const json = {
  bench: 'settlement',
  date,
  goalPerSecond: GOAL_PER_SEC,
  runs: RUNS,
  machine: before,
  loadAfter: after.uptime,
  results,
  allRuns: runs,
};
writeFileSync(path.join(outDir, `settlement-${date}.json`), `${JSON.stringify(json, null, 2)}\n`);
const rows = results.map(
  (r) =>
    `| ${r.scenario} | ${r.orders} | ${r.medianSeconds.toFixed(2)} | **${Math.round(r.medianPerSecond)}** | ${Math.round(r.minPerSecond)}–${Math.round(r.maxPerSecond)} | ${r.duplicateSettlements ?? '–'} | ${r.unbalancedTransactions ?? '–'} | ${r.imbalanceCents ?? '–'} | ${r.failedJobs} |`,
);
const md = `# Settlement benchmark, ${date}

Orders settled per second by the separate worker process \`workers/src/main.ts\`: each order's balanced
ledger lines written exactly once under the unique (orderId, kind) key, the jobs running together
in one process sharing a PostgreSQL transaction (group commit, docs/decisions/0002).
Goal: ≥ ${GOAL_PER_SEC} orders/s with the ledger balanced. Produced by \`node bench/settlement/run.ts --orders ${ORDERS}\`.

Machine: ${before.nproc} CPUs (${before.cpu}), ${before.ramGiB} GiB RAM, Node ${before.node}; PostgreSQL and Redis on the
same machine, shared with other engineers' work. Load before: \`${before.uptime}\`; after: \`${after.uptime}\`.

Each scenario ran ${RUNS} times (interleaved); median and range of orders/s:

| scenario | orders | seconds (median) | orders/s (median) | orders/s (range) | duplicate settlements | unbalanced txns | imbalance (cents) | failed jobs |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

The two baselines bound the result: the queue alone (BullMQ moving no-op jobs) and the database
alone (the same settleOrderInBatch() calls without a queue), each measured in this run.
`;
writeFileSync(path.join(outDir, `settlement-${date}.md`), md);
process.stdout.write(md);
process.exit(0);
