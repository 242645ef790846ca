import type { Redis } from 'ioredis';

/** Likes per stream, counted in Redis (any number per viewer). */
export class LikeCounter {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  #key(streamId: string): string {
    return `stream:{${streamId}}:likes`;
  }

  /** Adds likes and returns the stream's total. */
  async add(streamId: string, count: number): Promise<number> {
    return this.#redis.incrby(this.#key(streamId), count);
  }

  async total(streamId: string): Promise<number> {
    return Number((await this.#redis.get(this.#key(streamId))) ?? 0);
  }
}
