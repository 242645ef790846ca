import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { comments } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { type CommentPayload, rooms } from '../../realtime/contract.ts';
import type { RateLimiter } from '../../redis/rate-limiter.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { CommentWriter } from './comment-writer.ts';
import type { WordFilter } from './word-filter.ts';

const RECENT_COMMENTS = 50;
const DISPLAY_NAME_CACHE_SIZE = 10_000;
/** Waits of one flush interval for a comment another process has not written yet (see getComment). */
const LOOKUP_RETRIES = 2;

export interface Moderator {
  userId: string;
  roles: readonly string[];
}

const keys = {
  recent: (streamId: string) => `stream:{${streamId}}:recent-comments`,
  muted: (streamId: string) => `stream:{${streamId}}:muted`,
  pinned: (streamId: string) => `stream:{${streamId}}:pinned-comment`,
};
/** A stream's KOL never changes: remembered for the host badge without a query per comment. */
const KOL_CACHE_SIZE = 10_000;

/** A comment as PostgreSQL keeps it, removed ones included (for reports and admins). */
export interface StoredComment {
  id: string;
  streamId: string;
  userId: string;
  text: string;
  isDeleted: boolean;
  at: string;
}

/** A platform-wide chat ban, as moderation reports it: why, and until when (null: until lifted). */
export interface ChatBan {
  reason: string;
  until: string | null;
}

const toStored = (row: typeof comments.$inferSelect): StoredComment => ({
  id: row.id,
  streamId: row.streamId,
  userId: row.userId,
  text: row.text,
  isDeleted: row.isDeleted,
  at: row.createdAt.toISOString(),
});

/** `2026-12-01 18:30 UTC`: the same for every reader of an error message. */
const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function chatBannedError(ban: ChatBan): AppError {
  const until = ban.until ? utcMinute(ban.until) : 'Streamcart lifts the restriction';
  return new AppError('CHAT_BANNED', `You can't chat right now: ${ban.reason}, until ${until}`, ban);
}

/** Fan-group hooks: the badge shown on a comment and the points it earns. */
export interface CommentEngagement {
  levelIn(streamId: string, userId: string): Promise<number | null>;
  commented(streamId: string, userId: string): Promise<void>;
}

export class CommentService {
  readonly #db: Db;
  readonly #redis: Redis;
  readonly #bus: RealtimeBus;
  readonly #clock: Clock;
  readonly #writer: CommentWriter;
  readonly #filter: WordFilter;
  readonly #limiter: RateLimiter;
  readonly #displayName: (userId: string) => Promise<string>;
  readonly #kolOfStream: (streamId: string) => Promise<string | null>;
  readonly #chatBanOf: (userId: string) => Promise<ChatBan | null>;
  readonly #names = new Map<string, string>();
  readonly #kols = new Map<string, string | null>();
  readonly #engagement: CommentEngagement;

  constructor(deps: {
    db: Db;
    redis: Redis;
    bus: RealtimeBus;
    clock: Clock;
    writer: CommentWriter;
    filter: WordFilter;
    limiter: RateLimiter;
    displayName: (userId: string) => Promise<string>;
    kolOfStream: (streamId: string) => Promise<string | null>;
    /** The user's platform-wide chat ban; read on every comment, so it must not query PostgreSQL. */
    chatBanOf: (userId: string) => Promise<ChatBan | null>;
    engagement: CommentEngagement;
  }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
    this.#bus = deps.bus;
    this.#clock = deps.clock;
    this.#writer = deps.writer;
    this.#filter = deps.filter;
    this.#limiter = deps.limiter;
    this.#displayName = deps.displayName;
    this.#kolOfStream = deps.kolOfStream;
    this.#chatBanOf = deps.chatBanOf;
    this.#engagement = deps.engagement;
  }

  /**
   * Sends a comment to the stream's room at once; PostgreSQL gets it in the next batch.
   * Throws RATE_LIMITED, CHAT_BANNED (details `{reason, until}`), MUTED, VALIDATION_FAILED (empty after cleaning).
   */
  async postComment(userId: string, streamId: string, rawText: string, replyToId?: string): Promise<CommentPayload> {
    // Two Redis round trips before the room has it: every read at once (the author's name and
    // badge even for a comment that is then refused), then one MULTI that keeps and publishes it.
    // Under a busy fan-out each round trip waits for the event loop.
    const [retryAfterMs, chatBan, isMuted, displayName, fanLevel, kolId, replyTo] = await Promise.all([
      this.#limiter.take(`comment:${userId}`),
      this.#chatBanOf(userId),
      this.#redis.sismember(keys.muted(streamId), userId),
      this.#nameOf(userId),
      this.#engagement.levelIn(streamId, userId),
      this.#kolOf(streamId),
      replyToId ? this.#recent(streamId, replyToId) : undefined,
    ]);
    if (chatBan) throw chatBannedError(chatBan);
    if (isMuted) throw new AppError('MUTED');
    if (retryAfterMs > 0) throw new AppError('RATE_LIMITED', `Slow down: try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    const text = this.#filter.clean(rawText);
    if (!text) throw new AppError('VALIDATION_FAILED', 'The comment is empty');
    if (replyToId && !replyTo) throw new AppError('NOT_FOUND', 'The comment you answer is no longer in the chat');
    const at = this.#clock.now();
    const comment: CommentPayload = {
      id: randomUUID(),
      streamId,
      userId,
      displayName,
      text,
      at: at.toISOString(),
      fanLevel,
      isHost: userId === kolId,
      ...(replyTo ? { replyTo: { id: replyTo.id, displayName: replyTo.displayName, text: replyTo.text } } : {}),
    };
    this.#writer.enqueue({ id: comment.id, streamId, userId, text, createdAt: at });
    const key = keys.recent(streamId);
    const keepRecent = this.#redis.multi().rpush(key, JSON.stringify(comment)).ltrim(key, -RECENT_COMMENTS, -1);
    await this.#bus.publishWith(keepRecent, { room: rooms.stream(streamId), event: 'comment:new', payload: comment }).exec();
    await this.#engagement.commented(streamId, userId);
    return comment;
  }

  /**
   * The stream's KOL or an admin pins one of its recent comments above the chat (null unpins);
   * the room gets `comment:pinned`. Throws FORBIDDEN, NOT_FOUND.
   */
  async pinComment(actor: Moderator, streamId: string, commentId: string | null): Promise<CommentPayload | null> {
    await this.#assertModerator(actor, streamId);
    const comment = commentId ? ((await this.#recent(streamId, commentId)) ?? null) : null;
    if (commentId && !comment) throw new AppError('NOT_FOUND', 'That comment is no longer in the chat');
    const write = comment
      ? this.#redis.multi().set(keys.pinned(streamId), JSON.stringify(comment))
      : this.#redis.multi().del(keys.pinned(streamId));
    await this.#bus.publishWith(write, { room: rooms.stream(streamId), event: 'comment:pinned', payload: { streamId, comment } }).exec();
    return comment;
  }

  /** The comment pinned above the stream's chat, or null (for the join snapshot). */
  async pinnedComment(streamId: string): Promise<CommentPayload | null> {
    const raw = await this.#redis.get(keys.pinned(streamId));
    return raw ? (JSON.parse(raw) as CommentPayload) : null;
  }

  /** One of the stream's last 50 comments, or undefined. */
  async #recent(streamId: string, commentId: string): Promise<CommentPayload | undefined> {
    return (await this.recentComments(streamId)).find((c) => c.id === commentId);
  }

  async #kolOf(streamId: string): Promise<string | null> {
    if (this.#kols.has(streamId)) return this.#kols.get(streamId) ?? null;
    const kolId = await this.#kolOfStream(streamId);
    if (this.#kols.size >= KOL_CACHE_SIZE) this.#kols.clear();
    if (kolId) this.#kols.set(streamId, kolId);
    return kolId;
  }

  /** The stream's last 50 comments, oldest first. */
  async recentComments(streamId: string): Promise<CommentPayload[]> {
    const raw = await this.#redis.lrange(keys.recent(streamId), 0, -1);
    return raw.map((r) => JSON.parse(r) as CommentPayload);
  }

  /**
   * A comment by id, removed ones included. One just sent may still wait in a batch: this process's
   * batch is written first, and another process's gets up to two flush intervals. Throws NOT_FOUND.
   */
  async getComment(commentId: string): Promise<StoredComment> {
    await this.#writer.flush();
    for (let attempt = 0; ; attempt++) {
      const [row] = await this.#db.select().from(comments).where(eq(comments.id, commentId));
      if (row) return toStored(row);
      if (attempt >= LOOKUP_RETRIES) throw new AppError('NOT_FOUND', 'Comment not found');
      await sleep(this.#writer.flushEveryMs);
    }
  }

  /** Stored comments by id (those not found are left out), for the admins' queue. */
  async getCommentCards(commentIds: readonly string[]): Promise<Map<string, StoredComment>> {
    if (commentIds.length === 0) return new Map();
    const rows = await this.#db
      .select()
      .from(comments)
      .where(inArray(comments.id, [...new Set(commentIds)]));
    return new Map(rows.map((row) => [row.id, toStored(row)]));
  }

  /** The stream's KOL or an admin removes a comment for everyone. Throws FORBIDDEN, NOT_FOUND. */
  async deleteComment(actor: Moderator, streamId: string, commentId: string): Promise<void> {
    await this.#assertModerator(actor, streamId);
    await this.#writer.flush();
    // Scoped to the stream in the same statement: a comment of another stream is left untouched.
    if (!(await this.markDeleted(this.#db, commentId, { streamId }))) throw new AppError('NOT_FOUND', 'Comment not found');
    await this.announceDeleted(streamId, commentId);
  }

  /**
   * Marks a stored comment removed, in the caller's transaction; with `onlyVisible`, one removed
   * already is left as it is; with `streamId`, only a comment of that stream changes. Returns its
   * stream, or undefined when no such comment was changed.
   */
  async markDeleted(
    tx: DbOrTx,
    commentId: string,
    options: { onlyVisible?: boolean; streamId?: string } = {},
  ): Promise<{ streamId: string } | undefined> {
    const [row] = await tx
      .update(comments)
      .set({ isDeleted: true })
      .where(
        and(
          eq(comments.id, commentId),
          options.onlyVisible ? eq(comments.isDeleted, false) : undefined,
          options.streamId === undefined ? undefined : eq(comments.streamId, options.streamId),
        ),
      )
      .returning({ streamId: comments.streamId });
    return row;
  }

  /** Takes a removed comment out of the join snapshot and tells the room (`comment:deleted`); safe to repeat. */
  async announceDeleted(streamId: string, commentId: string): Promise<void> {
    // A removed comment does not stay pinned.
    if ((await this.pinnedComment(streamId))?.id === commentId) {
      await this.#bus
        .publishWith(this.#redis.multi().del(keys.pinned(streamId)), {
          room: rooms.stream(streamId),
          event: 'comment:pinned',
          payload: { streamId, comment: null },
        })
        .exec();
    }
    const key = keys.recent(streamId);
    for (const raw of await this.#redis.lrange(key, 0, -1)) {
      if ((JSON.parse(raw) as CommentPayload).id === commentId) await this.#redis.lrem(key, 0, raw);
    }
    await this.#bus.publish({ room: rooms.stream(streamId), event: 'comment:deleted', payload: { id: commentId } });
  }

  /** The stream's KOL or an admin mutes (or unmutes) a user in that stream. Throws FORBIDDEN, NOT_FOUND. */
  async setMuted(actor: Moderator, streamId: string, userId: string, isMuted: boolean): Promise<void> {
    await this.#assertModerator(actor, streamId);
    if (isMuted) await this.#redis.sadd(keys.muted(streamId), userId);
    else await this.#redis.srem(keys.muted(streamId), userId);
  }

  /** The users muted in the stream (for its KOL or an admin). Throws FORBIDDEN, NOT_FOUND. */
  async listMuted(actor: Moderator, streamId: string): Promise<string[]> {
    await this.#assertModerator(actor, streamId);
    return (await this.#redis.smembers(keys.muted(streamId))).sort();
  }

  /** Writes the queued comments and stops the batch timer. */
  close(): Promise<void> {
    return this.#writer.close();
  }

  async #assertModerator(actor: Moderator, streamId: string): Promise<void> {
    const kolId = await this.#kolOf(streamId);
    if (kolId === null) throw new AppError('NOT_FOUND', 'Stream not found');
    if (kolId !== actor.userId && !actor.roles.includes('admin'))
      throw new AppError('FORBIDDEN', "Only the stream's KOL or an admin may moderate");
  }

  async #nameOf(userId: string): Promise<string> {
    const cached = this.#names.get(userId);
    if (cached) return cached;
    const name = await this.#displayName(userId);
    if (this.#names.size >= DISPLAY_NAME_CACHE_SIZE) this.#names.clear();
    this.#names.set(userId, name);
    return name;
  }
}
