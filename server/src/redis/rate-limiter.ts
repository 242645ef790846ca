import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { defineLuaCommands } from './load-lua.ts';

interface TokenBucketCommand {
  tokenBucket(key: string, nowMs: number, ratePerSec: number, burst: number, cost: number): Promise<[number, number]>;
}

const LUA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lua');

/** A token bucket per key in Redis, so the limit holds across server processes. */
export class RateLimiter {
  readonly #redis: Redis & TokenBucketCommand;
  readonly #clock: Clock;
  readonly #ratePerSec: number;
  readonly #burst: number;

  constructor(deps: { redis: Redis; clock: Clock; ratePerSec: number; burst: number }) {
    if (!('tokenBucket' in deps.redis)) defineLuaCommands(deps.redis, LUA_DIR);
    this.#redis = deps.redis as Redis & TokenBucketCommand;
    this.#clock = deps.clock;
    this.#ratePerSec = deps.ratePerSec;
    this.#burst = deps.burst;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the milliseconds to wait. */
  async take(key: string): Promise<number> {
    const [taken, retryAfterMs] = await this.#redis.tokenBucket(
      `rate:${key}`,
      this.#clock.now().getTime(),
      this.#ratePerSec,
      this.#burst,
      1,
    );
    return taken === 1 ? 0 : Number(retryAfterMs);
  }
}
