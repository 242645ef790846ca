import type { Redis } from 'ioredis';
import type { Clock } from '../../clock.ts';

/** A socket's presence lapses unless its server renews it (so a crashed server's viewers drop out). */
export const PRESENCE_TTL_MS = 60_000;

/** Keeps the larger of the stored peak and ARGV[1]. */
const RAISE_PEAK = `local peak = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > peak then redis.call('set', KEYS[1], ARGV[1]) end`;

/**
 * Who is watching, kept in Redis so the count is right across API server processes: a sorted set
 * per stream, one member per socket id, scored by when that presence lapses.
 */
export class ViewerPresence {
  readonly #redis: Redis;
  readonly #clock: Clock;

  constructor(redis: Redis, clock: Clock) {
    this.#redis = redis;
    this.#clock = clock;
  }

  #key(streamId: string): string {
    return `stream:{${streamId}}:viewers`;
  }

  /** Adds (or renews) sockets in the stream's viewers and returns the count. */
  async add(streamId: string, ...socketIds: string[]): Promise<number> {
    const nowMs = this.#clock.now().getTime();
    const key = this.#key(streamId);
    const members = socketIds.flatMap((id) => [nowMs + PRESENCE_TTL_MS, id]);
    const results = await this.#redis
      .multi()
      .zadd(key, ...members)
      .zremrangebyscore(key, '-inf', nowMs)
      .zcard(key)
      .exec();
    const count = Number(results?.[2]?.[1] ?? 0);
    await this.#redis.eval(RAISE_PEAK, 1, this.#peakKey(streamId), count);
    return count;
  }

  #peakKey(streamId: string): string {
    return `stream:{${streamId}}:peak-viewers`;
  }

  /** The most viewers the stream had at once (for the KOL's end-of-show summary). */
  async peak(streamId: string): Promise<number> {
    return Number((await this.#redis.get(this.#peakKey(streamId))) ?? 0);
  }

  async remove(streamId: string, socketId: string): Promise<number> {
    const key = this.#key(streamId);
    const results = await this.#redis.multi().zrem(key, socketId).zcount(key, this.#clock.now().getTime(), '+inf').exec();
    return Number(results?.[1]?.[1] ?? 0);
  }

  async count(streamId: string): Promise<number> {
    return this.#redis.zcount(this.#key(streamId), this.#clock.now().getTime(), '+inf');
  }

  async counts(streamIds: string[]): Promise<Map<string, number>> {
    const nowMs = this.#clock.now().getTime();
    const pipeline = this.#redis.pipeline();
    for (const id of streamIds) pipeline.zcount(this.#key(id), nowMs, '+inf');
    const results = (await pipeline.exec()) ?? [];
    return new Map(streamIds.map((id, i) => [id, Number(results[i]?.[1] ?? 0)]));
  }
}
