import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { shareLinks } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

export class ShareLinkService {
  readonly #db: Db;
  readonly #publicUrl: string;

  constructor(deps: { db: Db; publicUrl: string }) {
    this.#db = deps.db;
    this.#publicUrl = deps.publicUrl;
  }

  /** A short code that credits the sharer on orders that carry it. */
  async createShareLink(
    sharerId: string,
    target: { streamId?: string | undefined; productId?: string | undefined },
  ): Promise<{ code: string; url: string }> {
    const code = randomBytes(6).toString('base64url');
    await this.#db.insert(shareLinks).values({ code, sharerId, streamId: target.streamId ?? null, productId: target.productId ?? null });
    return { code, url: `${this.#publicUrl}/s/${code}` };
  }

  async resolveSharer(code: string): Promise<string | null> {
    const [row] = await this.#db.select({ sharerId: shareLinks.sharerId }).from(shareLinks).where(eq(shareLinks.code, code));
    return row?.sharerId ?? null;
  }

  /** Counts a click and returns the page the link points at. Throws NOT_FOUND. */
  async followLink(code: string): Promise<string> {
    const [row] = await this.#db
      .update(shareLinks)
      .set({ clicks: sql`${shareLinks.clicks} + 1` })
      .where(eq(shareLinks.code, code))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'Share link not found');
    return row.streamId ? `/live/${row.streamId}` : `/products/${row.productId}`;
  }
}
