import { eq, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { users } from '../../../../db/schema/index.ts';
import type { Principal, TokenService } from './tokens.ts';

/** The Redis copy of a deleted user's version: no token of theirs is current. */
const GONE = 'x';
/**
 * How long Redis keeps its copy before it is read again from PostgreSQL: a bump made where Redis
 * was out of reach (`npm run admin:grant` on another host) still lands within this time.
 */
const REDIS_TTL_S = 300;
const LOCAL_CACHE_SIZE = 100_000;

type Version = number | null;

/**
 * The per-user session version (ADR 0013). Every token carries the version its user had when it
 * was signed; it is valid only while that is still the user's version. `bump` revokes every token
 * and, within `socketCheckMs`, every socket of the user. PostgreSQL (`users.token_version`) is the
 * source, so a Redis flush does not bring revoked tokens back; Redis holds the copy each request
 * reads (one GET), and each process keeps what it read for at most `cacheMs`.
 */
export class SessionVersions {
  readonly #db: Db;
  readonly #redis: Redis;
  readonly #cacheMs: number;
  readonly #local = new Map<string, { version: Version; untilMs: number }>();

  constructor(deps: { db: Db; redis: Redis; cacheMs?: number }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
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
    await this.#redis.set(this.#key(userId), row ? String(row.version) : GONE, 'EX', REDIS_TTL_S);
  }

  /** The user's version now; null for a user that does not exist. */
  async current(userId: string): Promise<Version> {
    return (await this.currentOf([userId])).get(userId) ?? null;
  }

  /** Whether a token carrying `version` is still valid for the user. */
  async isCurrent(userId: string, version: number): Promise<boolean> {
    return (await this.current(userId)) === version;
  }

  /** The versions of these users (one Redis round trip; PostgreSQL only for those Redis lost). */
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
    const copies =
      ask.length === 1 ? [await this.#redis.get(this.#key(ask[0] as string))] : await this.#redis.mget(ask.map((u) => this.#key(u)));
    const missing: string[] = [];
    ask.forEach((userId, i) => {
      const copy = copies[i];
      if (copy === null || copy === undefined) missing.push(userId);
      else this.#remember(found, userId, copy === GONE ? null : Number(copy), nowMs);
    });
    if (missing.length > 0) {
      for (const [userId, version] of await this.#load(missing)) this.#remember(found, userId, version, nowMs);
    }
    return found;
  }

  /** Reads versions from PostgreSQL and gives them to Redis unless a bump wrote a newer one first (NX). */
  async #load(userIds: string[]): Promise<Map<string, Version>> {
    const rows = await this.#db.select({ id: users.id, version: users.tokenVersion }).from(users).where(inArray(users.id, userIds));
    const versions = new Map<string, Version>(userIds.map((u) => [u, null]));
    for (const row of rows) versions.set(row.id, row.version);
    const pipeline = this.#redis.pipeline();
    for (const [userId, version] of versions)
      pipeline.set(this.#key(userId), version === null ? GONE : String(version), 'EX', REDIS_TTL_S, 'NX');
    await pipeline.exec();
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
