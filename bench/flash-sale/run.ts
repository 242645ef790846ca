// Flash-sale reservations per second, side by side in one run on one machine:
//   (a) a bare Fastify hello-world (the ceiling of one Node process here);
//   (b) the engine's POST /api/flash-sales/:id/reservations (JWT, zod, one Redis Lua call),
//       with its BullMQ worker process copying holds into PostgreSQL meanwhile;
//   (c) the same reservation in PostgreSQL: a transaction with SELECT … FOR UPDATE.
// autocannon, 100 connections, every request with the token of the next of many users. (b) and
// (c) run two scenarios: a sell-out (QUANTITY units, LIMIT per buyer: most requests end up
// refused, as in a real flash sale) and one where every request takes a hold (the write paths
// side by side). After each, the stores are checked for oversell: units held beyond the
// quantity, buyers above the limit, stock that does not add up. Everything listens on 127.0.0.1
// and each load is bounded in time.
//
// (a) and (b) run once per entry of --processes: as one process, and as one process per core
// sharing the port (node:cluster, cluster-server.ts), as the engine is deployed.
//
//   node bench/flash-sale/run.ts [--duration 15] [--connections 100] [--users 20000] [--quantity 20000] [--limit 2]
//                                [--processes 1,2] [--out bench/results]
import { type ChildProcess, execSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { flashSaleHolds } from '../../db/schema/index.ts';
import { loadConfig } from '../../server/src/config.ts';
import { saleKeys } from '../../server/src/domains/flash-sales/keys.ts';
import { openInfra } from '../../server/src/infra.ts';
import { createServices } from '../../server/src/services.ts';
import { makeViewers } from '../../server/test/bulk-viewers.ts';
import { startWorkerProcess } from '../../server/test/worker-process.ts';
import { cpuSecondsOf, describeMachine } from '../lib/machine.ts';
import { withScratch } from '../lib/scratch.ts';
import { buyerRequests } from './buyer-requests.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '100' },
    users: { type: 'string', default: '20000' },
    quantity: { type: 'string', default: '20000' },
    limit: { type: 'string', default: '2' },
    processes: { type: 'string', default: '1,2' },
    out: { type: 'string', default: 'bench/results' },
    /** Writes a CPU profile of the engine's process here (for looking into the hot path). */
    'profile-dir': { type: 'string' },
  },
});
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const USERS = Number(args.users);
const QUANTITY = Number(args.quantity);
const PER_USER_LIMIT = Number(args.limit);
const PROCESS_COUNTS = args.processes.split(',').map(Number);
const _ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Figures {
  target: string;
  scenario: string;
  /** Server processes sharing the port. */
  processes: number;
  requestsPerSec: number;
  /** CPU time of the server's own process per request (Redis, PostgreSQL and workers not counted). */
  serverCpuUsPerRequest: number;
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

interface Server {
  child: ChildProcess;
  port: number;
  saleIds: string[];
  /** The processes that serve requests (the cluster's workers, or the child itself). */
  pids: number[];
}

/** Forks one of this folder's servers, as `processes` processes on one port, and waits for its `ready` message. */
async function startServer(file: string, env: Record<string, string>, execArgv: string[] = [], processes = 1): Promise<Server> {
  const clustered = processes > 1;
  const child = fork(path.join(HERE, clustered ? 'cluster-server.ts' : file), {
    env: { ...process.env, ...env, ...(clustered ? { SERVER_FILE: file, PROCESSES: String(processes) } : {}) },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`${file} exited before it was ready`);
    }),
  ])) as [{ port: number | string; saleIds?: string[]; pids?: number[] }];
  return { child, port: Number(message.port), saleIds: message.saleIds ?? [], pids: message.pids ?? [child.pid ?? 0] };
}

/** The row-lock baseline's sale after the run, in one snapshot. */
async function rowLockCounts(
  databaseUrl: string,
  saleId: string,
  perUserLimit: number,
): Promise<{ remaining: number; held: number; usersOverLimit: number }> {
  const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await db<{ remaining: number; held: number; usersOverLimit: number }[]>`
      select (select remaining from bench_sales where id = ${saleId}) as remaining,
             coalesce(sum(units), 0)::int as held,
             (count(*) filter (where units > ${perUserLimit}))::int as "usersOverLimit"
      from (select sum(quantity)::int as units from bench_holds where sale_id = ${saleId} group by user_id) per_user`;
    return { remaining: Number(row?.remaining ?? 0), held: Number(row?.held ?? 0), usersOverLimit: Number(row?.usersOverLimit ?? 0) };
  } finally {
    await db.end();
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A warm-up (on its own sale, so the measured one starts full), then the measured load; each request carries the next user's token. */
async function load(
  target: string,
  scenario: string,
  urls: { warmup: string; measured: string },
  tokens: string[] | undefined,
  server: Server,
): Promise<Figures> {
  const options = (url: string) => (tokens ? buyerRequests(url, tokens, CONNECTIONS) : { url, connections: CONNECTIONS });
  await autocannon({ ...options(urls.warmup), duration: WARMUP_S });
  const loadBefore = execSync('uptime').toString().trim();
  const serverCpuSeconds = () => server.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const cpuBefore = serverCpuSeconds();
  const result: Result = await autocannon({ ...options(urls.measured), duration: DURATION_S });
  const cpuSeconds = serverCpuSeconds() - cpuBefore;
  return {
    target,
    scenario,
    processes: server.pids.length,
    requestsPerSec: Math.round(result.requests.average),
    serverCpuUsPerRequest: Math.round((cpuSeconds * 1e6) / Math.max(1, result.requests.total)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
    errors: result.errors + result.timeouts,
    loadBefore,
    oversell: null,
  };
}

interface Scenario {
  name: string;
  quantity: number;
  perUserLimit: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'sell-out', quantity: QUANTITY, perUserLimit: PER_USER_LIMIT },
  { name: 'every request holds', quantity: 1_000_000, perUserLimit: 1000 },
];

/** Oversell: units held beyond the quantity, buyers above the limit, and 1 if the stock does not add up. */
function oversellOf(s: Scenario, counts: { heldUnits: number; remaining: number; usersOverLimit: number }): number {
  return Math.max(0, counts.heldUnits - s.quantity) + counts.usersOverLimit + (counts.heldUnits + counts.remaining === s.quantity ? 0 : 1);
}

const figures = await withScratch(async ({ databaseUrl, redisPrefix }) => {
  const env = { NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'warn' };
  const config = loadConfig(env);

  // Per run two open sales (a warm-up one and the measured one); USERS buyers whose tokens
  // the engine's key signed.
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
    stock: 2 * PROCESS_COUNTS.length * SCENARIOS.reduce((sum, s) => sum + s.quantity, 0),
    kolCommissionBps: 0,
  });
  const openSale = async (s: Scenario) => {
    const opened = await services.flashSales.schedule(merchant.user.id, {
      productId: product.id,
      priceCents: 9900,
      quantity: s.quantity,
      perUserLimit: s.perUserLimit,
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await services.flashSales.openSale(opened.id);
    return opened.id;
  };
  const viewers = await makeViewers({ db: infra.database.db, tokens: services.tokens }, USERS);
  const tokens = viewers.map((v) => v.token);
  process.stdout.write(`seeded: ${USERS} buyers; scenarios ${JSON.stringify(SCENARIOS)}\n`);

  const results: Figures[] = [];
  const report = (f: Figures) => {
    results.push(f);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  };

  for (const processes of PROCESS_COUNTS) {
    const hello = await startServer('hello-server.ts', {}, [], processes);
    const helloUrl = `http://127.0.0.1:${hello.port}/`;
    report(await load('(a) bare Fastify hello-world', 'GET /', { warmup: helloUrl, measured: helloUrl }, undefined, hello));
    await stopServer(hello.child);
  }

  const workers = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: redisPrefix });
  await workers.ready;
  const profile = args['profile-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${args['profile-dir']}`] : [];
  for (const processes of PROCESS_COUNTS) {
    const engine = await startServer('engine-server.ts', { ...env, PORT: '0' }, profile, processes);
    const reserveUrl = (saleId: string) => `http://127.0.0.1:${engine.port}/api/flash-sales/${saleId}/reservations`;
    const engineFigures = new Map<Scenario, { figures: Figures; saleId: string }>();
    for (const s of SCENARIOS) {
      // Fresh sales for every run, so each measured one starts full.
      const sales = { warmup: await openSale(s), measured: await openSale(s) };
      const urls = { warmup: reserveUrl(sales.warmup), measured: reserveUrl(sales.measured) };
      engineFigures.set(s, { figures: await load('(b) engine: Redis Lua reserve', s.name, urls, tokens, engine), saleId: sales.measured });
    }
    await stopServer(engine.child);
    for (const [s, { figures: f, saleId }] of engineFigures) {
      // Every hold reaches PostgreSQL through the journal; wait for the worker to copy the last ones.
      const accepted = f.statusCodes['201'] ?? 0;
      const deadline = Date.now() + 180_000;
      let durableUnits = 0;
      while (Date.now() < deadline) {
        const [row] = await infra.database.db
          .select({ units: sql<number>`coalesce(sum(${flashSaleHolds.quantity}), 0)::int` })
          .from(flashSaleHolds)
          .where(eq(flashSaleHolds.saleId, saleId));
        durableUnits = Number(row?.units ?? 0);
        if (durableUnits >= accepted) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const state = await infra.redis.hgetall(saleKeys(saleId).state);
      const perUser = Object.values(await infra.redis.hgetall(saleKeys(saleId).perUser)).map(Number);
      const counts = {
        heldUnits: perUser.reduce((sum, n) => sum + n, 0),
        remaining: Number(state.remaining),
        usersOverLimit: perUser.filter((n) => n > s.perUserLimit).length,
      };
      f.check = { accepted, ...counts, durableUnits };
      f.oversell = oversellOf(s, counts);
      report(f);
    }
  }
  await workers.kill('SIGTERM');

  for (const s of SCENARIOS) {
    const rowLock = await startServer('row-lock-server.ts', {
      ...env,
      SALE_QUANTITY: String(s.quantity),
      SALE_PER_USER_LIMIT: String(s.perUserLimit),
    });
    const [warmup = '', measured = ''] = rowLock.saleIds;
    const rowLockUrl = (saleId: string) => `http://127.0.0.1:${rowLock.port}/api/flash-sales/${saleId}/reservations`;
    const f = await load(
      '(c) PostgreSQL row lock',
      s.name,
      { warmup: rowLockUrl(warmup), measured: rowLockUrl(measured) },
      tokens,
      rowLock,
    );
    // Stopped first, so no transaction is still running when the stock is counted.
    await stopServer(rowLock.child);
    const after = await rowLockCounts(databaseUrl, measured, s.perUserLimit);
    const counts = { heldUnits: after.held, remaining: after.remaining, usersOverLimit: after.usersOverLimit };
    f.check = { accepted: f.statusCodes['201'] ?? 0, ...counts };
    f.oversell = oversellOf(s, counts);
    report(f);
  }

  services.flashSales.broadcaster?.close();
  await infra.close();
  return results;
});

const find = (target: string, scenario?: string, processes = 1) => {
  const found = figures.find(
    (f) => f.target.startsWith(target) && (scenario === undefined || f.scenario === scenario) && f.processes === processes,
  );
  if (!found) throw new Error(`no figures for ${target} ${scenario ?? ''} ${processes}`);
  return found;
};
const runName = (scenario: string, processes: number) => `${scenario}, ${processes} process${processes === 1 ? '' : 'es'}`;
// Engine against hello-world with as many processes; against the row lock (one process: PostgreSQL is its limit).
const ratios = Object.fromEntries(
  PROCESS_COUNTS.flatMap((processes) =>
    SCENARIOS.map((s) => {
      const engine = find('(b)', s.name, processes);
      return [
        runName(s.name, processes),
        {
          engineOverHello: engine.requestsPerSec / find('(a)', undefined, processes).requestsPerSec,
          engineOverRowLock: engine.requestsPerSec / find('(c)', s.name).requestsPerSec,
        },
      ];
    }),
  ),
);
const sellOut = SCENARIOS[0]?.name ?? '';
const goals = {
  ...Object.fromEntries(
    PROCESS_COUNTS.flatMap((n) => [
      [`engine ≥ 50% of hello-world (${runName(sellOut, n)})`, (ratios[runName(sellOut, n)]?.engineOverHello ?? 0) >= 0.5],
      [`engine p99 ≤ 25 ms (${runName(sellOut, n)})`, find('(b)', sellOut, n).p99Ms <= 25],
    ]),
  ),
  'engine ≥ 10x row lock (sell-out, 1 process)': (ratios[runName(sellOut, 1)]?.engineOverRowLock ?? 0) >= 10,
  'engine ≥ 10x row lock (every request holds, 1 process)': (ratios[runName('every request holds', 1)]?.engineOverRowLock ?? 0) >= 10,
  'no oversell anywhere': figures.every((f) => f.oversell === null || f.oversell === 0),
};
const machine = describeMachine();
const settings = { durationS: DURATION_S, warmupS: WARMUP_S, connections: CONNECTIONS, users: USERS, scenarios: SCENARIOS };
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(args.out, { recursive: true });
const base = path.join(args.out, `flash-sale-${stamp}`);
writeFileSync(`${base}.json`, `${JSON.stringify({ machine, settings, figures, ratios, goals }, null, 2)}\n`);
const row = (f: Figures) =>
  `| ${f.target} | ${f.scenario} | ${f.processes} | ${f.requestsPerSec} | ${f.serverCpuUsPerRequest} | ${f.p50Ms} | ${f.p99Ms} | ${f.requests} | ${Object.entries(
    f.statusCodes,
  )
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ')} | ${f.oversell ?? 'n/a'} |`;
const percent = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(0)}%`;
writeFileSync(
  `${base}.md`,
  `# Flash-sale reservations: engine vs hello-world vs PostgreSQL row lock

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage} at ${machine.date}.
The machine is shared: autocannon, the server under test, Redis, PostgreSQL and the engine's worker process share its
cores (and other sessions' jobs may run meanwhile: see the load before each run).

Settings: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (on a sale of its own) then ${DURATION_S} s measured per target;
requests cycle over ${USERS} buyers' tokens. Scenarios: ${SCENARIOS.map((s) => `"${s.name}" (${s.quantity} units, ${s.perUserLimit} per buyer)`).join(', ')}.
201 = held, 409 = SOLD_OUT, 429 = PURCHASE_LIMIT_REACHED.

| target | scenario | processes | req/s | server CPU µs/req | p50 ms | p99 ms | requests | status codes | oversell |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
${figures.map(row).join('\n')}

Ratios (engine against hello-world with as many processes, and against the one-process row lock):
${Object.entries(ratios)
  .map(
    ([run, r]) => `- ${run}: engine / hello-world = ${percent(r.engineOverHello)}, engine / row lock = ${r.engineOverRowLock.toFixed(1)}x`,
  )
  .join('\n')}

Goals: ${Object.entries(goals)
    .map(([goal, met]) => `${goal}: ${met ? 'met' : 'NOT met'}`)
    .join('; ')}.

Server CPU µs/req is the CPU time of the server's own processes per request (from /proc): unlike req/s it
hardly moves with the load of other processes. \`node bench/flash-sale/layers.ts\` breaks the engine's figure down.

Checks after the load (units held in the store, stock left, units recorded in PostgreSQL, buyers over the limit;
held can exceed accepted by requests still in flight when autocannon stopped, which the server then served):
${figures
  .filter((f) => f.check)
  .map((f) => `- ${f.target}, ${runName(f.scenario, f.processes)}: ${JSON.stringify(f.check)}`)
  .join('\n')}

Load before each measured run: ${figures.map((f) => `${f.target.slice(0, 3)} ${runName(f.scenario, f.processes)}: ${f.loadBefore.replace(/^.*load average: /, '')}`).join('; ')}.
`,
);
process.stdout.write(`results: ${base}.md\n`);
