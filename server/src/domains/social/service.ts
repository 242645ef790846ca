import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { ledgerEntries, orders, shareLinks } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { ShareLinkStats } from './views.ts';

export type { ShareLinkStats };

export class ShareLinkService {
  readonly #db: Db;
  /** Read when a link is made: with PORT=0 the address is known only once the server listens. */
  readonly #publicUrl: () => string;

  constructor(deps: { db: Db; publicUrl: () => string }) {
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
    return { code, url: `${this.#publicUrl()}/s/${code}` };
  }

  async resolveSharer(code: string): Promise<string | null> {
    const [row] = await this.#db.select({ sharerId: shareLinks.sharerId }).from(shareLinks).where(eq(shareLinks.code, code));
    return row?.sharerId ?? null;
  }

  /** The caller's links with clicks, orders carrying them and the commission earned (read from orders and the ledger). */
  async listMine(sharerId: string): Promise<ShareLinkStats[]> {
    const orderCounts = this.#db
      .select({ code: orders.referralCode, n: count().as('n') })
      .from(orders)
      .groupBy(orders.referralCode)
      .as('order_counts');
    const earned = this.#db
      .select({ code: orders.referralCode, cents: sql<string>`sum(${ledgerEntries.amountCents})`.as('cents') })
      .from(ledgerEntries)
      .innerJoin(orders, eq(orders.id, ledgerEntries.orderId))
      .where(
        and(eq(ledgerEntries.userId, sharerId), eq(ledgerEntries.account, 'user_earnings'), eq(ledgerEntries.kind, 'referral_commission')),
      )
      .groupBy(orders.referralCode)
      .as('earned');
    const rows = await this.#db
      .select({ link: shareLinks, orders: orderCounts.n, earnedCents: earned.cents })
      .from(shareLinks)
      .leftJoin(orderCounts, eq(orderCounts.code, shareLinks.code))
      .leftJoin(earned, eq(earned.code, shareLinks.code))
      .where(eq(shareLinks.sharerId, sharerId))
      .orderBy(desc(shareLinks.createdAt));
    return rows.map((r) => ({
      code: r.link.code,
      url: `${this.#publicUrl()}/s/${r.link.code}`,
      streamId: r.link.streamId,
      productId: r.link.productId,
      clicks: r.link.clicks,
      orders: Number(r.orders ?? 0),
      earnedCents: Number(r.earnedCents ?? 0),
      createdAt: r.link.createdAt.toISOString(),
    }));
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
