import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../../redis/load-lua.ts';

type K = string;
/** The flash-sales Lua scripts as typed ioredis commands (see the header of each lua/*.lua). */
export interface FlashSaleCommands {
  reserve(
    state: K,
    perUser: K,
    holds: K,
    holdData: K,
    idempotency: K,
    journal: K,
    reserveRate: K,
    userId: string,
    quantity: number,
    holdId: string,
    expiresAtMs: number,
    nowMs: number,
    idempotencyKey: string,
    attemptsPerSec: number,
  ): Promise<[number, string, string, number, number]>;
  consumeHold(state: K, holds: K, holdData: K, journal: K, holdId: string, userId: string, nowMs: number): Promise<number>;
  restoreHold(state: K, holds: K, holdData: K, journal: K, holdId: string): Promise<number>;
  sellHold(state: K, holds: K, holdData: K, journal: K, holdId: string): Promise<number>;
  releaseHold(state: K, perUser: K, holds: K, holdData: K, journal: K, holdId: string, userId: string, ordered: '0' | '1'): Promise<number>;
  expireHolds(state: K, perUser: K, holds: K, holdData: K, journal: K, nowMs: number, limit: number): Promise<string[]>;
  setSaleStatus(state: K, expected: string, next: string): Promise<[number, string, number]>;
  writeUnopenedSale(state: K, ...fieldsAndValues: (string | number)[]): Promise<number>;
  loadSale(state: K, perUser: K, holds: K, holdData: K, idempotency: K, journal: K, stateJson: string, holdsJson: string): Promise<number>;
}
export type FlashSaleRedis = Redis & FlashSaleCommands;

const LUA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lua');

/** Defines the scripts on `redis` (once per client) and returns it typed. */
export function withFlashSaleCommands(redis: Redis): FlashSaleRedis {
  if (!('loadSale' in redis)) defineLuaCommands(redis, LUA_DIR);
  return redis as FlashSaleRedis;
}
