import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';

/**
 * Defines every `name-N.lua` in `dir` as the ioredis command `name` in camelCase with N keys
 * (BullMQ's naming: the key count sits in the file name).
 */
export function defineLuaCommands(redis: Redis, dir: string): string[] {
  const names: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^([a-z-]+)-(\d+)\.lua$/.exec(file);
    if (!match?.[1] || !match[2]) continue;
    const name = match[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    redis.defineCommand(name, { numberOfKeys: Number(match[2]), lua: readFileSync(path.join(dir, file), 'utf8') });
    names.push(name);
  }
  return names;
}
