import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { notifications } from '../../../../db/schema/index.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';
import type { NotificationView } from './views.ts';

export type { NotificationView };

export class NotificationService {
  readonly #db: Db;
  readonly #bus: RealtimeBus;

  constructor(deps: { db: Db; bus: RealtimeBus }) {
    this.#db = deps.db;
    this.#bus = deps.bus;
  }

  /**
   * Writes one notification per user in one insert and pushes each to its user's sockets. With
   * `dedupeKey`, a user who already has the notification of that key gets nothing again.
   */
  async notifyMany(
    userIds: string[],
    kind: string,
    payload: Record<string, unknown>,
    dedupeKey?: (userId: string) => string,
  ): Promise<number> {
    if (userIds.length === 0) return 0;
    const rows = await this.#db
      .insert(notifications)
      .values(userIds.map((userId) => ({ userId, kind, payload, dedupeKey: dedupeKey?.(userId) ?? null })))
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id, userId: notifications.userId, createdAt: notifications.createdAt });
    await Promise.all(
      rows.map((row) =>
        this.#bus.publish({
          room: rooms.user(row.userId),
          event: 'notification:new',
          payload: { id: row.id, kind, payload, createdAt: row.createdAt.toISOString() },
        }),
      ),
    );
    return rows.length;
  }

  /** The user's notifications, newest first, with the unread count; `before` pages back. */
  async list(
    userId: string,
    options: { limit: number; before?: string | undefined },
  ): Promise<{ items: NotificationView[]; unreadCount: number; nextCursor?: string }> {
    const beforeDate = options.before ? new Date(options.before) : undefined;
    const rows = await this.#db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          beforeDate && !Number.isNaN(beforeDate.getTime()) ? lt(notifications.createdAt, beforeDate) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt))
      .limit(options.limit + 1);
    const [unread] = await this.#db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        readAt: r.readAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
      })),
      unreadCount: Number(unread?.n ?? 0),
      ...(rows.length > options.limit && last ? { nextCursor: last.createdAt.toISOString() } : {}),
    };
  }

  /** Marks the given notifications (or all, without ids) of the user as read; returns how many. */
  async markRead(userId: string, ids?: string[]): Promise<number> {
    const rows = await this.#db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
      .returning({ id: notifications.id });
    return rows.length;
  }
}
