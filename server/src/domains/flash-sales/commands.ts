import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../../redis/load-lua.ts';

type K = string;
/** The flash-sales Lua scripts as typed ioredis commands (see the header of each lua/*.lua). */
export interface FlashSaleCommands {
  reserve(
    k1: K,
    k2: K,
    k3: K,
    k4: K,
    k5: K,
    userId: string,
    quantity: number,
    holdId: string,
    expiresAtMs: number,
    nowMs: number,
    idempotencyKey: string,
  ): Promise<[number, string, string, number]>;
  consumeHold(k1: K, k2: K, k3: K, holdId: string, userId: string, nowMs: number): Promise<number>;
  restoreHold(k1: K, k2: K, holdId: string, expiresAtMs: number): Promise<number>;
  sellHold(k1: K, k2: K, holdId: string): Promise<number>;
  expireHolds(k1: K, k2: K, k3: K, k4: K, nowMs: number, limit: number): Promise<string[]>;
  setSaleStatus(k1: K, expected: string, next: string): Promise<[number, string, number]>;
}
export type FlashSaleRedis = Redis & FlashSaleCommands;

const LUA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lua');

/** Defines the scripts on `redis` (once per client) and returns it typed. */
export function withFlashSaleCommands(redis: Redis): FlashSaleRedis {
  if (!('reserve' in redis)) defineLuaCommands(redis, LUA_DIR);
  return redis as FlashSaleRedis;
}
