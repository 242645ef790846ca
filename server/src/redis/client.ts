import { Redis } from 'ioredis';

/** The engine's Redis client: every key it touches starts with `${prefix}:`. */
export function createRedis(url: string, prefix: string): Redis {
  return new Redis(url, { keyPrefix: `${prefix}:`, lazyConnect: false, enableAutoPipelining: true });
}

/** A connection for BullMQ, which manages its own prefix and needs blocking commands to wait. */
export function createQueueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
