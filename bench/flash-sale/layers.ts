// What each layer of the reserve route costs, in CPU time of the server process per request:
// the hello-world of run.ts, then the route with JSON only, + zod schemas, + the token check,
// + the Redis Lua call, + the refusal through the error handler. CPU per request (from /proc)
// hardly moves with other load on the machine, unlike req/s.
//
//   node bench/flash-sale/layers.ts [--duration 8] [--out bench/results]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../../server/src/config.ts';
import { TokenService } from '../../server/src/domains/auth/tokens.ts';
import { cpuSecondsOf, describeMachine } from '../lib/machine.ts';
import { buyerRequests } from './buyer-requests.ts';

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '8' }, out: { type: 'string', default: 'bench/results' } },
});
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REDIS_PREFIX = `b${randomBytes(5).toString('hex')}`;
const STEPS = [
  { name: 'hello-world (GET, no body)', file: 'hello-server.ts', layers: '' },
  { name: 'POST with JSON in and out', file: 'layer-server.ts', layers: '' },
  { name: '+ zod schemas (params, headers, body, response)', file: 'layer-server.ts', layers: 'zod' },
  { name: '+ bearer token check (cached)', file: 'layer-server.ts', layers: 'zod,auth' },
  { name: '+ one Redis Lua call (ioredis)', file: 'layer-server.ts', layers: 'zod,auth,redis' },
  { name: '+ refusal through the error handler', file: 'layer-server.ts', layers: 'zod,auth,redis,errors' },
  { name: "+ the engine's reserve script (SaleStore), sold out", file: 'layer-server.ts', layers: 'zod,auth,redis,errors,store' },
];

const config = loadConfig({ REDIS_PREFIX });
const signer = new TokenService(config.jwtSecret);
const tokens = await Promise.all(Array.from({ length: 2000 }, (_, i) => signer.sign({ userId: `user-${i}`, roles: ['viewer'] })));

const rows: { step: string; requestsPerSec: number; cpuUsPerRequest: number }[] = [];
for (const step of STEPS) {
  const child = fork(path.join(HERE, step.file), {
    env: { ...process.env, LAYERS: step.layers, REDIS_PREFIX },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  const isHello = step.file === 'hello-server.ts';
  const options = isHello
    ? { url: `http://127.0.0.1:${ready.port}/`, connections: 100 }
    : buyerRequests(`http://127.0.0.1:${ready.port}/api/flash-sales/sale-1/reservations`, tokens, 100);
  await autocannon({ ...options, duration: 2 });
  const pid = child.pid ?? 0;
  const before = cpuSecondsOf(pid);
  const result = await autocannon({ ...options, duration: Number(args.duration) });
  const cpuUsPerRequest = Math.round(((cpuSecondsOf(pid) - before) * 1e6) / Math.max(1, result.requests.total));
  rows.push({ step: step.name, requestsPerSec: Math.round(result.requests.average), cpuUsPerRequest });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const machine = describeMachine();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(args.out, { recursive: true });
const base = path.join(args.out, `flash-sale-layers-${stamp}`);
writeFileSync(`${base}.json`, `${JSON.stringify({ machine, rows }, null, 2)}\n`);
writeFileSync(
  `${base}.md`,
  `# What each layer of the reserve route costs

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage} at ${machine.date}.
Each step: 100 connections, 2 s warm-up, ${args.duration} s measured; CPU of the server process per request (from /proc).

| step | req/s | of hello-world | server CPU µs/req |
| --- | ---: | ---: | ---: |
${rows.map((r) => `| ${r.step} | ${r.requestsPerSec} | ${((100 * r.requestsPerSec) / (rows[0]?.requestsPerSec ?? 1)).toFixed(0)}% | ${r.cpuUsPerRequest} |`).join('\n')}

The last steps are the floor of any reserve route on this stack (Fastify, a JSON body, one ioredis call
to a Lua script): a share of hello-world's req/s that the engine cannot beat on this machine, where
autocannon and Redis share the cores with the server.
`,
);
process.stdout.write(`results: ${base}.md\n`);
