import type { ChainableCommander, Redis } from 'ioredis';
import type { ServerToClientEvents } from './contract.ts';

/** A server-to-client event for one room, from any process (API server or workers). */
export type RoomEvent = {
  [E in keyof ServerToClientEvents]: { room: string; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/**
 * Carries room events over Redis pub/sub, so a BullMQ worker process can reach the viewers
 * connected to any API server process.
 */
export class RealtimeBus {
  readonly #redis: Redis;
  readonly #channel: string;

  constructor(deps: { redis: Redis; prefix: string }) {
    this.#redis = deps.redis;
    // PUBLISH channels are not key-prefixed by ioredis, so the prefix is added here.
    this.#channel = `${deps.prefix}:realtime`;
  }

  get channel(): string {
    return this.#channel;
  }

  async publish(event: RoomEvent): Promise<void> {
    await this.#redis.publish(this.#channel, JSON.stringify(event));
  }

  /** Adds the event's PUBLISH to a MULTI, so it goes out in the same round trip as the writes it reports. */
  publishWith(multi: ChainableCommander, event: RoomEvent): ChainableCommander {
    return multi.publish(this.#channel, JSON.stringify(event));
  }
}
