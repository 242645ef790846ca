import type { Redis } from 'ioredis';

/**
 * Who is watching, kept in Redis so the count is right across API server processes: one set
 * member per socket id.
 */
export class ViewerPresence {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  #key(streamId: string): string {
    return `stream:{${streamId}}:viewers`;
  }

  /** Adds a socket to the stream's viewers and returns the count. */
  async add(streamId: string, socketId: string): Promise<number> {
    const [, count] = (await this.#redis.multi().sadd(this.#key(streamId), socketId).scard(this.#key(streamId)).exec()) ?? [];
    return Number(count?.[1] ?? 0);
  }

  async remove(streamId: string, socketId: string): Promise<number> {
    const [, count] = (await this.#redis.multi().srem(this.#key(streamId), socketId).scard(this.#key(streamId)).exec()) ?? [];
    return Number(count?.[1] ?? 0);
  }

  async count(streamId: string): Promise<number> {
    return this.#redis.scard(this.#key(streamId));
  }

  async counts(streamIds: string[]): Promise<Map<string, number>> {
    const pipeline = this.#redis.pipeline();
    for (const id of streamIds) pipeline.scard(this.#key(id));
    const results = (await pipeline.exec()) ?? [];
    return new Map(streamIds.map((id, i) => [id, Number(results[i]?.[1] ?? 0)]));
  }
}
