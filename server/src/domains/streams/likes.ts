import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { defineLuaCommands } from '../../redis/load-lua.ts';

interface AddLikesCommand {
  addLikes(likes: string, rate: string, userId: string, count: number, nowMs: number, perSec: number): Promise<[number, number, number]>;
}

const LUA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lua');

/**
 * Likes per stream, counted in Redis. A viewer's likes count up to `perUserPerSec` a second
 * (LIKES_PER_USER_PER_SEC); more in the same second are dropped, in the same Lua call.
 */
export class LikeCounter {
  readonly #redis: Redis & AddLikesCommand;
  readonly #perUserPerSec: number;
  readonly #clock: Clock;

  constructor(redis: Redis, options: { perUserPerSec?: number; clock?: Clock } = {}) {
    if (!('addLikes' in redis)) defineLuaCommands(redis, LUA_DIR);
    this.#redis = redis as Redis & AddLikesCommand;
    this.#perUserPerSec = options.perUserPerSec ?? 1_000_000;
    this.#clock = options.clock ?? systemClock;
  }

  #key(streamId: string): string {
    return `stream:{${streamId}}:likes`;
  }

  /**
   * Adds the viewer's likes (capped per second) and returns the stream's total. Throws RATE_LIMITED
   * when the viewer's likes for this second are used up.
   */
  async add(streamId: string, userId: string, count: number): Promise<number> {
    const [total, accepted, retryAfterMs] = await this.#redis.addLikes(
      this.#key(streamId),
      `stream:{${streamId}}:like-rate`,
      userId,
      count,
      this.#clock.now().getTime(),
      this.#perUserPerSec,
    );
    if (accepted === 0) {
      throw new AppError('RATE_LIMITED', 'Too many likes this second', { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
    }
    return total;
  }

  async total(streamId: string): Promise<number> {
    return Number((await this.#redis.get(this.#key(streamId))) ?? 0);
  }
}
