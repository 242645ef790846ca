import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { comments } from '../../../../db/schema/index.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { type CommentPayload, rooms } from '../../realtime/contract.ts';

const RECENT_COMMENTS = 50;
// Control characters (except none: comments are one line of text) are removed before storing.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/g;

export class CommentService {
  readonly #db: Db;
  readonly #redis: Redis;
  readonly #bus: RealtimeBus;
  readonly #displayName: (userId: string) => Promise<string>;

  constructor(deps: { db: Db; redis: Redis; bus: RealtimeBus; displayName: (userId: string) => Promise<string> }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
    this.#bus = deps.bus;
    this.#displayName = deps.displayName;
  }

  #recentKey(streamId: string): string {
    return `stream:{${streamId}}:recent-comments`;
  }

  /** Stores a comment, keeps it among the stream's last 50 and sends it to the room; undefined when empty after cleaning. */
  async postComment(userId: string, streamId: string, rawText: string): Promise<CommentPayload | undefined> {
    const text = rawText.replace(CONTROL_CHARS, '').trim();
    if (!text) return undefined;
    const [row] = await this.#db.insert(comments).values({ streamId, userId, text }).returning();
    if (!row) throw new Error('insert returned no row');
    const comment: CommentPayload = {
      id: row.id,
      streamId,
      userId,
      displayName: await this.#displayName(userId),
      text,
      at: row.createdAt.toISOString(),
    };
    const key = this.#recentKey(streamId);
    await this.#redis.multi().rpush(key, JSON.stringify(comment)).ltrim(key, -RECENT_COMMENTS, -1).exec();
    await this.#bus.publish({ room: rooms.stream(streamId), event: 'comment:new', payload: comment });
    return comment;
  }

  /** The stream's last 50 comments, oldest first. */
  async recentComments(streamId: string): Promise<CommentPayload[]> {
    const raw = await this.#redis.lrange(this.#recentKey(streamId), 0, -1);
    return raw.map((r) => JSON.parse(r) as CommentPayload);
  }
}
