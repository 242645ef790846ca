// bench/notifications: time from POST /streams/:id/start to the last "now live" notification
// written for a KOL with N followers (BullMQ fan-out, 1,000 per job), beside a baseline of one
// INSERT … SELECT that writes the same rows in a single statement.
// Usage: node bench/notifications/run.ts [--followers 100000] [--workers 1]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { io } from 'socket.io-client';
import { VP8_RTP_PARAMETERS } from '../../server/test/fake-publisher.ts';
import { setup as ensureTestTemplate } from '../../server/test/global-setup.ts';
import { freePort, type ServerProcess, startProcess } from '../../server/test/server-process.ts';
import { createTestDatabase } from '../../server/test/test-db.ts';
import { describeMachine } from '../lib/machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { followers: { type: 'string', default: '100000' }, workers: { type: 'string', default: '1' } } });
const followers = Number(values.followers);
const workerProcesses = Number(values.workers);

await ensureTestTemplate();
const database = await createTestDatabase();
const sql = postgres(database.url, { max: 2, onnotice: () => {} });
const processes: ServerProcess[] = [];
try {
  const env = {
    DATABASE_URL: database.url,
    REDIS_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
  const api = await startProcess('server/src/main.ts', env, await freePort());
  processes.push(api);
  for (let i = 0; i < workerProcesses; i++) processes.push(await startProcess('workers/src/main.ts', env));

  const register = async (roles: string[]) => {
    const response = await fetch(`${api.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `${randomBytes(5).toString('hex')}@bench.test`,
        password: 'bench password',
        displayName: 'Bench',
        roles,
      }),
    });
    return (await response.json()) as { user: { id: string }; token: string };
  };
  const kol = await register(['kol']);
  // Followers are written straight to the tables: registering 100k users over HTTP would time the wrong thing.
  await sql`insert into users (id, email, password_hash, display_name, roles)
    select 'bench-' || g, 'bench-' || g || '@bench.test', 'x', 'Fan ' || g, array['viewer'] from generate_series(1, ${followers}) g`;
  await sql`insert into follows (follower_id, kol_id) select 'bench-' || g, ${kol.user.id} from generate_series(1, ${followers}) g`;

  const baselineStart = performance.now();
  await sql`insert into notifications (id, user_id, kind, payload)
    select gen_random_uuid()::text, follower_id, 'baseline', '{}'::jsonb from follows where kol_id = ${kol.user.id}`;
  const baselineMs = performance.now() - baselineStart;

  const streamResponse = await fetch(`${api.url}/api/streams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kol.token}` },
    body: JSON.stringify({ title: 'Fan-out bench' }),
  });
  const stream = (await streamResponse.json()) as { id: string };
  const started = performance.now();
  const startResponse = await fetch(`${api.url}/api/streams/${stream.id}/start`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kol.token}` },
  });
  const startCallMs = performance.now() - started;
  if (!startResponse.ok) throw new Error(`start failed: ${startResponse.status}`);
  // "Now live" goes out at the stream's first track (ADR 0014): publish one as the studio would.
  const studio = io(`${api.url}/live`, { auth: { token: kol.token }, transports: ['websocket'] });
  const ask = (event: string, payload: unknown) => studio.timeout(10_000).emitWithAck(event, payload) as Promise<{ id: string }>;
  await ask('media:capabilities', { streamId: stream.id });
  const send = await ask('media:transport', { streamId: stream.id, direction: 'send' });
  await ask('media:produce', { transportId: send.id, kind: 'video', rtpParameters: VP8_RTP_PARAMETERS });
  let written = 0;
  const deadline = Date.now() + 120_000;
  while (written < followers && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where kind = 'stream_live'`;
    written = row?.n ?? 0;
  }
  const fanoutMs = performance.now() - started;
  studio.close();

  const machine = describeMachine();
  const result = {
    machine,
    followers,
    workerProcesses,
    startCallMs: Math.round(startCallMs),
    fanoutMs: Math.round(fanoutMs),
    written,
    baselineMs: Math.round(baselineMs),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const stamp = new Date().toISOString().slice(0, 10);
  const outDir = path.join(here, '../results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `notifications-${stamp}.json`), JSON.stringify(result, null, 2));
  writeFileSync(
    path.join(outDir, `notifications-${stamp}.md`),
    `# bench/notifications, ${stamp}

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average at the end: ${machine.loadAverage}.
A KOL with ${followers} followers goes live; ${workerProcesses} worker process(es) fan out "now live" in BullMQ jobs of 1,000.

| what | time |
| --- | --- |
| \`POST /streams/:id/start\` answers | ${Math.round(startCallMs)} ms |
| last of ${written} notifications written (from the start call, the first track published right after it) | ${Math.round(fanoutMs)} ms |
| baseline: one \`INSERT … SELECT\` of the same rows | ${Math.round(baselineMs)} ms |

Goal: the last notification within 10 s. Ratio to the single-statement floor: ${(fanoutMs / baselineMs).toFixed(1)}x.
`,
  );
} finally {
  await sql.end();
  await Promise.all(processes.map((p) => p.stop()));
  await database.drop();
}
