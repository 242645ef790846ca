import type { Db } from '../../../../db/client.ts';
import { comments } from '../../../../db/schema/index.ts';

type CommentRow = typeof comments.$inferInsert;

/**
 * Writes comments to PostgreSQL in batches, off the socket path: rows wait at most `flushEveryMs`
 * or until `maxBatch` are queued. A failed batch stays queued for the next flush.
 */
export class CommentWriter {
  /** How long a comment may wait in this process before it is in PostgreSQL (when the database is up). */
  readonly flushEveryMs: number;
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #onError: (error: unknown) => void;
  #queue: CommentRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(deps: { db: Db; flushEveryMs?: number; maxBatch?: number; onError?: (error: unknown) => void }) {
    this.#db = deps.db;
    this.#maxBatch = deps.maxBatch ?? 500;
    this.#onError = deps.onError ?? (() => {});
    this.flushEveryMs = deps.flushEveryMs ?? 100;
    this.#timer = setInterval(() => void this.flush(), this.flushEveryMs);
    this.#timer.unref();
  }

  enqueue(row: CommentRow): void {
    this.#queue.push(row);
    if (this.#queue.length >= this.#maxBatch) void this.flush();
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      while (this.#queue.length > 0) {
        const batch = this.#queue.slice(0, this.#maxBatch);
        try {
          await this.#db.insert(comments).values(batch).onConflictDoNothing();
          this.#queue = this.#queue.slice(batch.length);
        } catch (error) {
          this.#onError(error);
          return;
        }
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
