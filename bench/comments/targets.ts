// The servers bench/comments measures: the bare Socket.IO relay (one process) and the engine
// (API server processes sharing one PostgreSQL database and one Redis prefix).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup as ensureTestTemplate } from '../../server/test/global-setup.ts';
import { deleteKeys } from '../../server/test/harness.ts';
import { freePort, type ServerProcess, startProcess } from '../../server/test/server-process.ts';
import { createTestDatabase } from '../../server/test/test-db.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Target {
  /** Viewers are spread over these (http://host:port); the sender uses the first. */
  urls: string[];
  /** The server processes, whose CPU is measured. */
  pids: number[];
  streamId: string;
  senderToken?: string;
  /** The engine's RealtimeBus channel, to time each comment from send to publish. */
  busChannel?: string;
  stop(): Promise<void>;
}

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export interface CommentBatchSettings {
  intervalMs: number;
  slices: number;
}

export async function startBareRelay(batch: CommentBatchSettings): Promise<Target> {
  const port = await freePort();
  const child = fork(path.join(here, 'bare-server.ts'), [String(port), String(batch.intervalMs), String(batch.slices)], {
    stdio: 'ignore',
  });
  await once(child, 'message');
  return {
    urls: [`http://127.0.0.1:${port}`],
    pids: [child.pid ?? 0],
    streamId: 'bench',
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** `processes` API server processes (src/main.ts) on a scratch database and Redis prefix, with one live stream. */
export async function startEngine(processes: number, batch: CommentBatchSettings): Promise<Target> {
  await ensureTestTemplate();
  const database = await createTestDatabase();
  const redisPrefix = `b${randomBytes(5).toString('hex')}`;
  const servers: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
    await deleteKeys(redisPrefix);
  };
  try {
    // One at a time: the first applies the migrations.
    for (let i = 0; i < processes; i++) {
      const env = {
        DATABASE_URL: database.url,
        REDIS_PREFIX: redisPrefix,
        MEDIASOUP_WORKERS: '1',
        RTC_MIN_PORT: String(44000 + i * 100),
        RTC_MAX_PORT: String(44099 + i * 100),
        COMMENT_RATE_PER_SEC: '1000',
        COMMENT_BURST: '1000',
        COMMENT_BATCH_MS: String(batch.intervalMs),
        COMMENT_BATCH_SLICES: String(batch.slices),
        LOG_LEVEL: 'warn',
      };
      servers.push(await startProcess('server/src/main.ts', env, await freePort()));
    }
    const [first] = servers;
    if (!first) throw new Error('no server process');
    const register = (roles: string[]) =>
      post(`${first.url}/api/auth/register`, {
        email: `${randomBytes(5).toString('hex')}@bench.test`,
        password: 'bench password',
        displayName: 'Bench',
        roles,
      });
    const kol = await register(['kol']);
    const sender = await register(['viewer']);
    const stream = await post(`${first.url}/api/streams`, { title: 'Comment bench' }, kol.token);
    await post(`${first.url}/api/streams/${stream.id}/start`, {}, kol.token);
    return {
      urls: servers.map((s) => s.url),
      pids: servers.map((s) => s.child.pid ?? 0),
      streamId: stream.id,
      senderToken: sender.token,
      busChannel: `${redisPrefix}:realtime`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
