import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import type { Clock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { type Engine, startEngine } from '../src/engine.ts';
import { createLogger } from '../src/logger.ts';
import type { LiveClient } from './live-client.ts';
import { createTestDatabase } from './test-db.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestEngine extends Engine {
  redisPrefix: string;
  /** JSON over real HTTP; returns status and parsed body. */
  http<T = any>(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  /** A Socket.IO client on /live, connected. */
  connect(token?: string): Promise<LiveClient>;
}

/**
 * A whole engine on real services for one test file: its own PostgreSQL database (or a PGlite
 * directory), its own Redis key prefix, BullMQ workers in process, listening on a free port.
 */
export async function startTestEngine(
  options: { database?: 'postgres' | 'pglite'; withMedia?: boolean; clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestEngine> {
  const redisPrefix = `t${randomBytes(5).toString('hex')}`;
  const pg = options.database === 'pglite' ? undefined : await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'streamcart-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    MEDIASOUP_WORKERS: '1',
    RTC_MIN_PORT: '42000',
    RTC_MAX_PORT: '42999',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...(process.env.MEDIASOUP_WORKER_BIN ? { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN } : {}),
    ...options.env,
  });
  const engine = await startEngine(config, {
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'error'),
    withMedia: options.withMedia ?? false,
    withWorkers: true,
    holdSweepEveryMs: 200,
    fanPointsEveryMs: 200,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const sockets: LiveClient[] = [];

  return {
    ...engine,
    redisPrefix,
    async http(method, url, { token, body, headers } = {}) {
      const response = await fetch(`${engine.url}${url}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async connect(token) {
      const socket: LiveClient = connectSocket(`${engine.url}/live`, {
        auth: token ? { token } : {},
        transports: ['websocket'],
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await engine.close();
      await deleteKeys(redisPrefix);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deletes every Redis key under `prefix:` (a test's or a benchmark's own keys). */
export async function deleteKeys(prefix: string, redisUrl = REDIS_URL): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Waits for `predicate` to hold, checking every 50 ms (for effects of background jobs). */
export async function eventually<T>(probe: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
