import { and, desc, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type ModerationAction, type ModerationTargetType, moderationActions } from '../../../../db/schema/index.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { LogEntryView } from './schema.ts';

export interface LogEntry {
  action: ModerationAction;
  /** A reported target's type, or `user` for what is done to a person's account (a chat ban). */
  targetType: ModerationTargetType;
  targetId: string;
  targetTitle: string;
  reason: string | null;
  adminId: string;
}

/** Every admin action, one row each, written in the transaction of the action's effect. */
export class ModerationLog {
  readonly #db: Db;
  readonly #displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;

  constructor(deps: { db: Db; displayNames: (userIds: readonly string[]) => Promise<Map<string, string>> }) {
    this.#db = deps.db;
    this.#displayNames = deps.displayNames;
  }

  async record(tx: DbOrTx, entry: LogEntry): Promise<void> {
    await tx.insert(moderationActions).values(entry);
  }

  /** Newest first; `cursor` is the `nextCursor` of the page before. */
  async list(filter: { cursor?: string | undefined; limit: number }): Promise<{ items: LogEntryView[]; nextCursor: string | null }> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const rows = await this.#db
      .select({ entry: moderationActions, exactCreatedAt: sql<string>`${moderationActions.createdAt}::text` })
      .from(moderationActions)
      .where(and(after ? olderThan(moderationActions.createdAt, moderationActions.id, after) : undefined))
      .orderBy(desc(moderationActions.createdAt), desc(moderationActions.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const names = await this.#displayNames(page.map((r) => r.entry.adminId));
    const last = page.at(-1);
    return {
      items: page.map(({ entry }) => ({
        id: entry.id,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        targetTitle: entry.targetTitle,
        reason: entry.reason,
        adminId: entry.adminId,
        adminName: names.get(entry.adminId) ?? 'an admin',
        createdAt: entry.createdAt.toISOString(),
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.exactCreatedAt, last.entry.id) : null,
    };
  }
}
