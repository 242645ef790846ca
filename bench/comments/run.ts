// bench/comments: N Socket.IO viewers on one stream, M comments per second; delivery latency
// p50/p99 and the server's CPU, for the engine and for a bare Socket.IO relay (the baseline), side
// by side in one run. Usage: node bench/comments/run.ts [--viewers 1000,5000,10000] [--rate 100] [--seconds 10]
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { setup as ensureTestTemplate } from '../../server/test/global-setup.ts';
import { freePort, startProcess } from '../../server/test/server-process.ts';
import { createTestDatabase } from '../../server/test/test-db.ts';
import { cpuSecondsOf, describeMachine } from '../lib/machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1000,5000,10000' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    'client-procs': { type: 'string', default: '2' },
  },
});
const viewerCounts = (values.viewers ?? '').split(',').map(Number);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const clientProcs = Number(values['client-procs']);

interface Target {
  name: string;
  url: string;
  pid: number;
  streamId: string;
  senderToken?: string;
  stop(): Promise<void>;
}

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return response.json();
}

async function startBare(): Promise<Target> {
  const port = await freePort();
  const child = fork(path.join(here, 'bare-server.ts'), [String(port)], { stdio: 'ignore' });
  await once(child, 'message');
  return {
    name: 'bare Socket.IO relay',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    streamId: 'bench',
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function startEngine(): Promise<Target> {
  await ensureTestTemplate();
  const database = await createTestDatabase();
  const server = await startProcess(
    'server/src/main.ts',
    {
      DATABASE_URL: database.url,
      REDIS_PREFIX: `bench${randomBytes(4).toString('hex')}`,
      MEDIASOUP_WORKERS: '1',
      COMMENT_RATE_PER_SEC: '1000',
      COMMENT_BURST: '1000',
      LOG_LEVEL: 'warn',
    },
    await freePort(),
  );
  const register = (roles: string[]) =>
    post(`${server.url}/api/auth/register`, {
      email: `${randomBytes(5).toString('hex')}@bench.test`,
      password: 'bench password',
      displayName: 'Bench',
      roles,
    });
  const kol = await register(['kol']);
  const sender = await register(['viewer']);
  const stream = await post(`${server.url}/api/streams`, { title: 'Comment bench' }, kol.token);
  await post(`${server.url}/api/streams/${stream.id}/start`, {}, kol.token);
  return {
    name: 'Streamcart engine',
    url: server.url,
    pid: server.child.pid ?? 0,
    streamId: stream.id,
    senderToken: sender.token,
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}

/** The smallest latency (ms) at or below which `p` percent of deliveries arrived. */
function histogramPercentile(histogram: number[], total: number, p: number): number {
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= (p / 100) * total) return ms;
  }
  return Number.NaN;
}

async function measure(target: Target, viewers: number) {
  const clients: ChildProcess[] = [];
  let joined = 0;
  for (let i = 0; i < clientProcs; i++) {
    const share = Math.floor(viewers / clientProcs) + (i < viewers % clientProcs ? 1 : 0);
    const child = fork(path.join(here, 'clients.ts'), [target.url, target.streamId, String(share)], { stdio: 'ignore' });
    clients.push(child);
  }
  for (const child of clients) joined += ((await once(child, 'message'))[0] as { joined: number }).joined;

  const sender = io(`${target.url}/live`, {
    transports: ['websocket'],
    auth: target.senderToken ? { token: target.senderToken } : {},
    forceNew: true,
  });
  await new Promise((resolve) => sender.once('connect', () => resolve(undefined)));
  await new Promise((resolve) => sender.emit('stream:join', { streamId: target.streamId }, resolve));

  const cpuBefore = cpuSecondsOf(target.pid);
  const startedAt = Date.now();
  let sent = 0;
  const total = rate * seconds;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - startedAt) / 1000) * rate));
      for (; sent < due; sent++) sender.emit('comment:send', { streamId: target.streamId, text: `t=${Date.now()}` }, () => {});
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const elapsedSec = (Date.now() - startedAt) / 1000;
  const cpuSec = cpuSecondsOf(target.pid) - cpuBefore;
  await new Promise((r) => setTimeout(r, 3000));

  const histogram: number[] = [];
  for (const child of clients) {
    child.send({ type: 'report' });
    const part = ((await once(child, 'message'))[0] as { histogram: number[] }).histogram;
    part.forEach((n, ms) => {
      histogram[ms] = (histogram[ms] ?? 0) + n;
    });
  }
  for (const child of clients) child.send({ type: 'stop' });
  await Promise.all(clients.map((c) => once(c, 'exit')));
  sender.disconnect();
  const delivered = histogram.reduce((sum, n) => sum + (n ?? 0), 0);
  return {
    target: target.name,
    viewers,
    joined,
    commentsSent: sent,
    deliveriesExpected: sent * joined,
    deliveries: delivered,
    p50Ms: histogramPercentile(histogram, delivered, 50),
    p99Ms: histogramPercentile(histogram, delivered, 99),
    maxMs: histogram.findLastIndex((n) => (n ?? 0) > 0),
    serverCpuPercentOfOneCore: Math.round((cpuSec / elapsedSec) * 100),
  };
}

const results = [];
for (const viewers of viewerCounts) {
  for (const start of [startBare, startEngine]) {
    const target = await start();
    try {
      const result = await measure(target, viewers);
      results.push(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await target.stop();
    }
  }
}

const machine = describeMachine();
const stamp = new Date().toISOString().slice(0, 10);
const outDir = path.join(here, '../results');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, `comments-${stamp}.json`), JSON.stringify({ machine, rate, seconds, clientProcs, results }, null, 2));
const rows = results.map(
  (r) =>
    `| ${r.viewers} | ${r.target} | ${r.joined} | ${r.commentsSent} | ${((100 * r.deliveries) / Math.max(1, r.deliveriesExpected)).toFixed(1)}% | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.serverCpuPercentOfOneCore}% |`,
);
writeFileSync(
  path.join(outDir, `comments-${stamp}.md`),
  `# bench/comments, ${stamp}

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average at the end: ${machine.loadAverage}.
The load generator (${clientProcs} client processes plus the sender) runs on the same cores as the server.
${rate} comments/s for ${seconds} s to one stream; latency is send → comment:new on a viewer socket; "delivered" counts what arrived within 3 s after the last send.

| viewers | server | joined | comments | delivered | p50 ms | p99 ms | max ms | server CPU (of one core) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`,
);
process.exit(0);
