import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, gt, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { users } from '../../../../db/schema/index.ts';
import { defineLuaCommands } from '../../redis/load-lua.ts';
import type { Principal, TokenService } from './tokens.ts';

interface SetMaxCommand {
  setMax(key: string, value: number): Promise<number>;
}

const REDIS_LUA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../redis/lua');
/** A deleted user's version: above any a token carries, so none of their tokens is current. */
const GONE = 2_147_483_647;
/**
 * Present while Redis holds the version of every user whose version is above 0. Written after
 * those were loaded from PostgreSQL; its absence means Redis lost its data (or never had it).
 */
const EPOCH_KEY = 'session:epoch';
const LOCAL_CACHE_SIZE = 100_000;

type Version = number | null;

/**
 * The per-user session version (ADR 0013). Every token carries the version its user had when it
 * was signed; it is valid only while that is still the user's version. `bump` revokes every token
 * and, within `socketCheckMs`, every socket of the user.
 *
 * PostgreSQL (`users.token_version`) is the source. Redis holds the version of every user who was
 * ever bumped (no expiry, only ever raised), and an epoch key saying that this is complete: a user
 * without a key is at version 0. So a request needs one Redis round trip (its key and the epoch,
 * pipelined), never PostgreSQL, even for a buyer whose first request it is. After a Redis flush the
 * epoch is gone: the next lookup loads the bumped users from PostgreSQL again, so revoked tokens
 * stay revoked. Each process keeps what it read for at most `cacheMs`.
 */
export class SessionVersions {
  readonly #db: Db;
  readonly #redis: Redis & SetMaxCommand;
  readonly #cacheMs: number;
  readonly #local = new Map<string, { version: Version; untilMs: number }>();
  #reloading: Promise<void> | undefined;

  constructor(deps: { db: Db; redis: Redis; cacheMs?: number }) {
    if (!('setMax' in deps.redis)) defineLuaCommands(deps.redis, REDIS_LUA_DIR);
    this.#db = deps.db;
    this.#redis = deps.redis as Redis & SetMaxCommand;
    this.#cacheMs = deps.cacheMs ?? 1000;
  }

  #key(userId: string): string {
    return `session:{${userId}}:v`;
  }

  /**
   * Revokes every token and socket of the user: the next sign-in gets a token with the roles the
   * user holds then. Works for a deleted user too (their tokens stay invalid).
   */
  async bump(userId: string): Promise<void> {
    const [row] = await this.#db
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(eq(users.id, userId))
      .returning({ version: users.tokenVersion });
    this.#local.delete(userId);
    await this.#redis.setMax(this.#key(userId), row ? row.version : GONE);
  }

  /** The user's version now; null for a user that was deleted. */
  async current(userId: string): Promise<Version> {
    return (await this.currentOf([userId])).get(userId) ?? null;
  }

  /** Whether a token carrying `version` is still valid for the user. */
  async isCurrent(userId: string, version: number): Promise<boolean> {
    return (await this.current(userId)) === version;
  }

  /** The versions of these users, in one Redis round trip (pipelined GETs, so cluster slots do not matter). */
  async currentOf(userIds: readonly string[]): Promise<Map<string, Version>> {
    const nowMs = Date.now();
    const found = new Map<string, Version>();
    const ask: string[] = [];
    for (const userId of new Set(userIds)) {
      const cached = this.#local.get(userId);
      if (cached && cached.untilMs > nowMs) found.set(userId, cached.version);
      else ask.push(userId);
    }
    if (ask.length === 0) return found;
    const [epoch, ...copies] = await Promise.all([this.#redis.get(EPOCH_KEY), ...ask.map((u) => this.#redis.get(this.#key(u)))]);
    if (epoch === null) {
      // Redis lost its copies: load them again, and read these users from PostgreSQL meanwhile.
      this.#reloading ??= this.#reload().finally(() => {
        this.#reloading = undefined;
      });
      await this.#reloading;
      for (const [userId, version] of await this.#read(ask)) this.#remember(found, userId, version, nowMs);
      return found;
    }
    ask.forEach((userId, i) => {
      const copy = copies[i];
      const version = copy === null || copy === undefined ? 0 : Number(copy);
      this.#remember(found, userId, version === GONE ? null : version, nowMs);
    });
    return found;
  }

  /** Every bumped user's version into Redis (raised only, so a bump meanwhile is kept), then the epoch. */
  async #reload(): Promise<void> {
    const rows = await this.#db.select({ id: users.id, version: users.tokenVersion }).from(users).where(gt(users.tokenVersion, 0));
    await Promise.all(rows.map((row) => this.#redis.setMax(this.#key(row.id), row.version)));
    await this.#redis.set(EPOCH_KEY, new Date().toISOString());
  }

  async #read(userIds: string[]): Promise<Map<string, Version>> {
    const rows = await this.#db.select({ id: users.id, version: users.tokenVersion }).from(users).where(inArray(users.id, userIds));
    const versions = new Map<string, Version>(userIds.map((u) => [u, null]));
    for (const row of rows) versions.set(row.id, row.version);
    return versions;
  }

  #remember(found: Map<string, Version>, userId: string, version: Version, nowMs: number): void {
    found.set(userId, version);
    if (this.#local.size >= LOCAL_CACHE_SIZE) {
      const oldest = this.#local.keys().next();
      if (!oldest.done) this.#local.delete(oldest.value);
    }
    this.#local.set(userId, { version, untilMs: nowMs + this.#cacheMs });
  }
}

/** The caller of a bearer token: its signature, expiry and session version all valid; else undefined. */
export async function authenticate(
  token: string,
  deps: { tokens: TokenService; sessions: SessionVersions },
): Promise<(Principal & { sessionVersion: number }) | undefined> {
  const verified = await deps.tokens.verify(token);
  if (!verified || !(await deps.sessions.isCurrent(verified.userId, verified.sessionVersion))) return undefined;
  return verified;
}
