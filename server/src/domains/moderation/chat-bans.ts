import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { chatBans } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import type { DbOrTx } from '../catalog/service.ts';
import { moderationKeys } from './keys.ts';

/** A chat ban as the comment path reads it from Redis. */
export interface ChatBanFlag {
  reason: string;
  /** ISO time it ends by itself; null until an admin lifts it. */
  until: string | null;
}

export interface ChatBanRecord extends ChatBanFlag {
  userId: string;
  adminId: string;
  at: string;
}

type ChatBanRow = typeof chatBans.$inferSelect;

const toRecord = (row: ChatBanRow): ChatBanRecord => ({
  userId: row.userId,
  reason: row.reason,
  until: row.until?.toISOString() ?? null,
  adminId: row.adminId,
  at: row.bannedAt.toISOString(),
});

function parseFlag(raw: string | null): ChatBanFlag | null {
  if (raw === null) return null;
  try {
    const { reason, until } = JSON.parse(raw) as Partial<ChatBanFlag>;
    return typeof reason === 'string' && (typeof until === 'string' || until === null) ? { reason, until } : null;
  } catch {
    return null;
  }
}

/**
 * Users restricted from chat in every stream. PostgreSQL (`chat_bans`) is the record; the comment
 * path only reads a Redis flag per banned user, which expires with the ban. A marker key says the
 * flags were loaded from PostgreSQL: a Redis flush removes it with the flags, and the next check
 * loads them all again, so a flush never lifts a ban.
 */
export class ChatBans {
  readonly #db: Db;
  readonly #redis: Redis;
  readonly #clock: Clock;
  #loading: Promise<void> | undefined;

  constructor(deps: { db: Db; redis: Redis; clock: Clock }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
    this.#clock = deps.clock;
  }

  /**
   * The user's ban in force, or null: one MGET (the user's flag and the marker) and no database
   * query, except once after a Redis flush.
   */
  async banOf(userId: string): Promise<ChatBanFlag | null> {
    const [flag, loaded] = await this.#redis.mget(moderationKeys.chatBan(userId), moderationKeys.chatBansLoaded());
    if (loaded !== null) return this.#inForce(parseFlag(flag ?? null));
    await this.loadFlags();
    return this.#inForce(parseFlag(await this.#redis.get(moderationKeys.chatBan(userId))));
  }

  /** Records the user's ban, replacing one in force (a new reason or end), in the caller's transaction. */
  async save(tx: DbOrTx, ban: { userId: string; reason: string; adminId: string; at: Date; until: Date | null }): Promise<ChatBanRecord> {
    const values = { userId: ban.userId, reason: ban.reason, adminId: ban.adminId, bannedAt: ban.at, until: ban.until };
    const [row] = await tx
      .insert(chatBans)
      .values(values)
      .onConflictDoUpdate({
        target: chatBans.userId,
        set: { reason: values.reason, adminId: values.adminId, bannedAt: values.bannedAt, until: values.until },
      })
      .returning();
    if (!row) throw new Error('chat ban upsert returned no row');
    return toRecord(row);
  }

  /** Deletes the user's ban; false when none was in force (an ended one is cleared all the same). */
  async remove(tx: DbOrTx, userId: string): Promise<boolean> {
    const [row] = await tx.delete(chatBans).where(eq(chatBans.userId, userId)).returning();
    return row !== undefined && this.#inForce(toRecord(row)) !== null;
  }

  /** Puts the ban's flag in Redis, expiring when the ban ends; call it once the ban is committed. */
  async publish(ban: ChatBanRecord): Promise<void> {
    const flag = JSON.stringify({ reason: ban.reason, until: ban.until } satisfies ChatBanFlag);
    const key = moderationKeys.chatBan(ban.userId);
    if (ban.until === null) {
      await this.#redis.set(key, flag);
      return;
    }
    const ttlMs = Date.parse(ban.until) - this.#clock.now().getTime();
    if (ttlMs > 0) await this.#redis.set(key, flag, 'PX', ttlMs);
    else await this.#redis.del(key);
  }

  /** Removes the user's flag; call it once the lift is committed. */
  async unpublish(userId: string): Promise<void> {
    await this.#redis.del(moderationKeys.chatBan(userId));
  }

  /**
   * Writes the flag of every ban in force, then the marker. The bans are read `FOR SHARE` and the
   * flags written before that transaction ends, so a lift committing meanwhile waits and deletes its
   * flag after this wrote it. Calls at the same time in one process share one load.
   */
  loadFlags(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Bans in force, newest first; `cursor` is the `nextCursor` of the page before. */
  async list(filter: { cursor?: string | undefined; limit: number }): Promise<{ items: ChatBanRecord[]; nextCursor: string | null }> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const rows = await this.#db
      .select({ ban: chatBans, exactAt: sql<string>`${chatBans.bannedAt}::text` })
      .from(chatBans)
      .where(and(this.#inForceSql(), after ? olderThan(chatBans.bannedAt, chatBans.userId, after) : undefined))
      .orderBy(desc(chatBans.bannedAt), desc(chatBans.userId))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toRecord(r.ban)),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.exactAt, last.ban.userId) : null,
    };
  }

  async #load(): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const rows = await tx.select().from(chatBans).where(this.#inForceSql()).for('share');
      const nowMs = this.#clock.now().getTime();
      const write = this.#redis.multi();
      for (const row of rows) {
        const flag = JSON.stringify({ reason: row.reason, until: row.until?.toISOString() ?? null } satisfies ChatBanFlag);
        if (row.until) write.set(moderationKeys.chatBan(row.userId), flag, 'PX', Math.max(1, row.until.getTime() - nowMs));
        else write.set(moderationKeys.chatBan(row.userId), flag);
      }
      write.set(moderationKeys.chatBansLoaded(), new Date(nowMs).toISOString());
      await write.exec();
    });
  }

  #inForceSql() {
    return or(isNull(chatBans.until), gt(chatBans.until, this.#clock.now()));
  }

  /** The ban unless it ended by the service clock (Redis expires it too; the clock lets tests move time). */
  #inForce<T extends ChatBanFlag>(ban: T | null): T | null {
    return ban && (ban.until === null || Date.parse(ban.until) > this.#clock.now().getTime()) ? ban : null;
  }
}
