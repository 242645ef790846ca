import { and, desc, eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { fanMemberships, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { fanKeys } from './keys.ts';
import { fanLevel } from './levels.ts';
import type { FanView } from './views.ts';

export type { FanView };

/**
 * Fan groups: engagement points are counted in Redis as they happen (cheap on the socket path)
 * and a worker folds them into PostgreSQL; levels are cached in Redis for the comment badge.
 */
export class FanService {
  readonly #db: Db;
  readonly #redis: Redis;
  readonly #isKol: (userId: string) => Promise<boolean>;

  constructor(deps: { db: Db; redis: Redis; isKol: (userId: string) => Promise<boolean> }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
    this.#isKol = deps.isKol;
  }

  /** Joins a KOL's fan group (idempotent). Throws NOT_FOUND, VALIDATION_FAILED (own group). */
  async join(userId: string, kolId: string): Promise<FanView> {
    if (userId === kolId) throw new AppError('VALIDATION_FAILED', 'You cannot join your own fan group');
    if (!(await this.#isKol(kolId))) throw new AppError('NOT_FOUND', 'KOL not found');
    await this.#db.insert(fanMemberships).values({ kolId, userId }).onConflictDoNothing();
    const membership = await this.getMembership(kolId, userId);
    if (!membership) throw new Error('membership missing after insert');
    await this.#redis.hset(fanKeys.levels(kolId), userId, membership.level);
    return membership;
  }

  async leave(userId: string, kolId: string): Promise<void> {
    await this.#db.delete(fanMemberships).where(and(eq(fanMemberships.kolId, kolId), eq(fanMemberships.userId, userId)));
    await this.#redis.hdel(fanKeys.levels(kolId), userId);
  }

  async getMembership(kolId: string, userId: string): Promise<FanView | undefined> {
    const [row] = await this.#db
      .select({ userId: fanMemberships.userId, displayName: users.displayName, points: fanMemberships.points })
      .from(fanMemberships)
      .innerJoin(users, eq(users.id, fanMemberships.userId))
      .where(and(eq(fanMemberships.kolId, kolId), eq(fanMemberships.userId, userId)));
    return row && { ...row, level: fanLevel(row.points) };
  }

  /** A member's level (from the Redis cache), or null for a non-member. */
  async levelOf(kolId: string, userId: string): Promise<number | null> {
    const level = await this.#redis.hget(fanKeys.levels(kolId), userId);
    return level === null ? null : Number(level);
  }

  /** Counts engagement for a member; non-members earn nothing. */
  async addPoints(kolId: string, userId: string, points: number): Promise<void> {
    if (points <= 0 || !(await this.#redis.hexists(fanKeys.levels(kolId), userId))) return;
    await this.#redis.multi().hincrby(fanKeys.pendingPoints(kolId), userId, points).sadd(fanKeys.dirty, kolId).exec();
  }

  /** Folds pending points into PostgreSQL and refreshes the cached levels; returns the members updated. */
  async flushPoints(): Promise<number> {
    let updated = 0;
    for (const kolId of await this.#redis.smembers(fanKeys.dirty)) {
      const key = fanKeys.pendingPoints(kolId);
      // Take the pending points atomically, so points added meanwhile wait for the next flush.
      const [[, pending]] = ((await this.#redis.multi().hgetall(key).del(key).srem(fanKeys.dirty, kolId).exec()) ?? []) as [
        [unknown, Record<string, string>],
      ];
      for (const [userId, points] of Object.entries(pending ?? {})) {
        const [row] = await this.#db
          .update(fanMemberships)
          .set({ points: sql`${fanMemberships.points} + ${Number(points)}`, updatedAt: new Date() })
          .where(and(eq(fanMemberships.kolId, kolId), eq(fanMemberships.userId, userId)))
          .returning({ points: fanMemberships.points });
        if (row) {
          await this.#redis.hset(fanKeys.levels(kolId), userId, fanLevel(row.points));
          updated++;
        }
      }
    }
    return updated;
  }

  /** The KOL's top fans by points. */
  async topFans(kolId: string, limit: number): Promise<FanView[]> {
    const rows = await this.#db
      .select({ userId: fanMemberships.userId, displayName: users.displayName, points: fanMemberships.points })
      .from(fanMemberships)
      .innerJoin(users, eq(users.id, fanMemberships.userId))
      .where(eq(fanMemberships.kolId, kolId))
      .orderBy(desc(fanMemberships.points), fanMemberships.userId)
      .limit(limit);
    return rows.map((r) => ({ ...r, level: fanLevel(r.points) }));
  }
}
