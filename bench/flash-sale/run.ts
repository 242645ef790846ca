// Flash-sale reservations per second, side by side in one run on one machine:
//   (a) a bare Fastify hello-world (the ceiling of one Node process here);
//   (b) the engine's POST /api/flash-sales/:id/reservations (JWT, zod, one Redis Lua call),
//       with its BullMQ worker process copying holds into PostgreSQL meanwhile;
//   (c) the same reservation in PostgreSQL: a transaction with SELECT … FOR UPDATE.
// autocannon, 100 connections, every request with the token of the next of many users. After
// (b) and (c) the stores are checked for oversell: units held beyond the quantity, and buyers
// above the per-user limit. Everything listens on 127.0.0.1 and each load is bounded in time.
//
//   node bench/flash-sale/run.ts [--duration 15] [--connections 100] [--users 20000] [--quantity 20000] [--limit 2] [--out bench/results]
import { type ChildProcess, execSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { flashSaleHolds } from '../../db/schema/index.ts';
import { loadConfig } from '../../server/src/config.ts';
import { saleKeys } from '../../server/src/domains/flash-sales/keys.ts';
import { openInfra } from '../../server/src/infra.ts';
import { createServices } from '../../server/src/services.ts';
import { makeViewers } from '../../server/test/bulk-viewers.ts';
import { startWorkerProcess } from '../../server/test/worker-process.ts';
import { describeMachine } from '../lib/machine.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '100' },
    users: { type: 'string', default: '20000' },
    quantity: { type: 'string', default: '20000' },
    limit: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const USERS = Number(args.users);
const QUANTITY = Number(args.quantity);
const PER_USER_LIMIT = Number(args.limit);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Figures {
  target: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  statusCodes: Record<string, number>;
  errors: number;
  loadBefore: string;
  /** Units held beyond the sale's quantity plus buyers above the limit; null where there is no stock. */
  oversell: number | null;
  check?: Record<string, number>;
}

async function withScratch<T>(run: (scratch: { databaseUrl: string; redisPrefix: string }) => Promise<T>): Promise<T> {
  const name = `sc_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const redisPrefix = `b${randomBytes(5).toString('hex')}`;
  try {
    const database = openDatabase({ url: url.toString(), dataDir: '' });
    await database.migrate();
    await database.close();
    return await run({ databaseUrl: url.toString(), redisPrefix });
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

/** Forks one of this folder's servers and waits for its `ready` message. */
async function startServer(file: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number; saleId?: string }> {
  const child = fork(path.join(HERE, file), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`${file} exited before it was ready`);
    }),
  ])) as [{ port: number | string; saleId?: string }];
  return { child, port: Number(message.port), ...(message.saleId ? { saleId: message.saleId } : {}) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A warm-up, then the measured load; each request carries the next user's token. */
async function load(target: string, url: string, tokens: string[] | undefined): Promise<Figures> {
  let next = 0;
  const options = tokens
    ? {
        url,
        connections: CONNECTIONS,
        requests: [
          {
            method: 'POST',
            body: '{"quantity":1}',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request: { headers?: Record<string, string> }) => {
              const token = tokens[next++ % tokens.length] ?? '';
              return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
            },
          },
        ],
      }
    : { url, connections: CONNECTIONS };
  await autocannon({ ...options, duration: WARMUP_S });
  const loadBefore = execSync('uptime').toString().trim();
  const result: Result = await autocannon({ ...options, duration: DURATION_S });
  return {
    target,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
    errors: result.errors + result.timeouts,
    loadBefore,
    oversell: null,
  };
}

const figures = await withScratch(async ({ databaseUrl, redisPrefix }) => {
  const env = { NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'warn' };
  const config = loadConfig(env);

  // One sale of QUANTITY units, open now; USERS buyers with tokens signed by the engine's key.
  const infra = openInfra(config);
  const services = createServices(infra, config);
  const merchant = await services.auth.register({
    email: 'bench-merchant@example.test',
    password: 'correct horse battery',
    displayName: 'Bench',
    roles: ['merchant'],
  });
  const product = await services.catalog.createProduct(merchant.user.id, {
    title: 'Bench scarf',
    description: 'Benchmark',
    priceCents: 19900,
    currency: 'CNY',
    stock: QUANTITY,
    kolCommissionBps: 0,
  });
  const sale = await services.flashSales.schedule(merchant.user.id, {
    productId: product.id,
    priceCents: 9900,
    quantity: QUANTITY,
    perUserLimit: PER_USER_LIMIT,
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  await services.flashSales.openSale(sale.id);
  const viewers = await makeViewers({ db: infra.database.db, tokens: services.tokens }, USERS);
  const tokens = viewers.map((v) => v.token);
  process.stdout.write(`seeded: sale ${sale.id}, ${QUANTITY} units, limit ${PER_USER_LIMIT}, ${USERS} buyers\n`);

  const results: Figures[] = [];

  const hello = await startServer('hello-server.ts', {});
  results.push(await load('(a) bare Fastify hello-world', `http://127.0.0.1:${hello.port}/`, undefined));
  await stopServer(hello.child);
  process.stdout.write(`(a) ${JSON.stringify(results.at(-1))}\n`);

  const workers = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix });
  await workers.ready;
  const engine = await startServer('engine-server.ts', { ...env, PORT: '0' });
  const engineFigures = await load(
    '(b) engine: Redis Lua reserve',
    `http://127.0.0.1:${engine.port}/api/flash-sales/${sale.id}/reservations`,
    tokens,
  );
  await stopServer(engine.child);
  // Every hold reaches PostgreSQL through the journal; wait for the worker to copy the last ones.
  const deadline = Date.now() + 60_000;
  const accepted = engineFigures.statusCodes['201'] ?? 0;
  let durable = 0;
  while (Date.now() < deadline) {
    const [row] = await infra.database.db
      .select({ units: sql<number>`coalesce(sum(${flashSaleHolds.quantity}), 0)::int` })
      .from(flashSaleHolds)
      .where(eq(flashSaleHolds.saleId, sale.id));
    durable = Number(row?.units ?? 0);
    if (durable >= accepted) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await workers.kill('SIGTERM');
  const state = await infra.redis.hgetall(saleKeys(sale.id).state);
  const perUser = Object.values(await infra.redis.hgetall(saleKeys(sale.id).perUser)).map(Number);
  const heldUnits = perUser.reduce((sum, n) => sum + n, 0);
  const usersOverLimit = perUser.filter((n) => n > PER_USER_LIMIT).length;
  engineFigures.check = { accepted, heldUnits, remaining: Number(state.remaining), durableUnits: durable, usersOverLimit };
  engineFigures.oversell = Math.max(0, heldUnits - QUANTITY) + usersOverLimit + (heldUnits + Number(state.remaining) === QUANTITY ? 0 : 1);
  results.push(engineFigures);
  process.stdout.write(`(b) ${JSON.stringify(engineFigures)}\n`);

  const rowLock = await startServer('row-lock-server.ts', {
    ...env,
    SALE_QUANTITY: String(QUANTITY),
    SALE_PER_USER_LIMIT: String(PER_USER_LIMIT),
  });
  const rowLockFigures = await load(
    '(c) PostgreSQL row lock',
    `http://127.0.0.1:${rowLock.port}/api/flash-sales/${rowLock.saleId}/reservations`,
    tokens,
  );
  const after = (await (await fetch(`http://127.0.0.1:${rowLock.port}/bench/sales/${rowLock.saleId}`)).json()) as {
    remaining: number;
    held: number;
    usersOverLimit: number;
  };
  await stopServer(rowLock.child);
  rowLockFigures.check = {
    accepted: rowLockFigures.statusCodes['201'] ?? 0,
    heldUnits: after.held,
    remaining: after.remaining,
    usersOverLimit: after.usersOverLimit,
  };
  rowLockFigures.oversell = Math.max(0, after.held - QUANTITY) + after.usersOverLimit + (after.held + after.remaining === QUANTITY ? 0 : 1);
  results.push(rowLockFigures);
  process.stdout.write(`(c) ${JSON.stringify(rowLockFigures)}\n`);

  services.flashSales.broadcaster?.close();
  await infra.close();
  return results;
});

const [hello, engine, rowLock] = figures;
if (!hello || !engine || !rowLock) throw new Error('a scenario is missing');
const ratios = {
  engineOverHello: engine.requestsPerSec / hello.requestsPerSec,
  engineOverRowLock: engine.requestsPerSec / rowLock.requestsPerSec,
};
const goals = {
  'engine ≥ 50% of hello-world': ratios.engineOverHello >= 0.5,
  'engine ≥ 10x row lock': ratios.engineOverRowLock >= 10,
  'engine p99 ≤ 25 ms': engine.p99Ms <= 25,
  'no oversell': engine.oversell === 0 && rowLock.oversell === 0,
};
const machine = describeMachine();
const settings = {
  durationS: DURATION_S,
  warmupS: WARMUP_S,
  connections: CONNECTIONS,
  users: USERS,
  quantity: QUANTITY,
  perUserLimit: PER_USER_LIMIT,
};
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(args.out, { recursive: true });
const base = path.join(args.out, `flash-sale-${stamp}`);
writeFileSync(`${base}.json`, `${JSON.stringify({ machine, settings, figures, ratios, goals }, null, 2)}\n`);
const row = (f: Figures) =>
  `| ${f.target} | ${f.requestsPerSec} | ${f.p50Ms} | ${f.p99Ms} | ${f.requests} | ${Object.entries(f.statusCodes)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ')} | ${f.oversell ?? 'n/a'} |`;
writeFileSync(
  `${base}.md`,
  `# Flash-sale reservations: engine vs hello-world vs PostgreSQL row lock

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage} at ${machine.date}.
The machine is shared: autocannon, the server under test, Redis, PostgreSQL and the worker process share its cores.

Settings: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured per target; a sale of ${QUANTITY} units,
${PER_USER_LIMIT} per buyer, requests cycling over ${USERS} buyers' tokens (201 held, 409 SOLD_OUT, 429 PURCHASE_LIMIT_REACHED).

| target | req/s | p50 ms | p99 ms | requests | status codes | oversell |
| --- | ---: | ---: | ---: | ---: | --- | ---: |
${figures.map(row).join('\n')}

Ratios: engine / hello-world = ${(ratios.engineOverHello * 100).toFixed(0)}%, engine / row lock = ${ratios.engineOverRowLock.toFixed(1)}x.

Goals: ${Object.entries(goals)
    .map(([goal, met]) => `${goal}: ${met ? 'met' : 'NOT met'}`)
    .join('; ')}.

Checks after the load: engine ${JSON.stringify(engine.check)}; row lock ${JSON.stringify(rowLock.check)}.
Load before each measured run: ${figures.map((f) => `${f.target.slice(0, 3)} ${f.loadBefore.replace(/^.*load average: /, '')}`).join('; ')}.
`,
);
process.stdout.write(`results: ${base}.md\n`);
