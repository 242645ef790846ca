import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { orderItems, orders, products } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { LikeCounter } from './likes.ts';
import { shortBuyerName } from './live-sales.ts';
import type { ViewerPresence } from './presence.ts';
import type { StreamService } from './service.ts';
import type { ShowSummary, StreamSale } from './views.ts';

/** Orders that brought money in: paid and not refunded or cancelled. */
const SOLD = ['paid', 'shipped', 'delivered', 'completed'] as const;
const RECENT_SALES = 20;

/**
 * What a show did, for its KOL: peak viewers, likes, orders and GMV (one total per currency), and
 * its latest sales. Reads the orders directly (read-only, like the feed); the studio reads it
 * again whenever the room hears `purchase:new`, and at the end of the show.
 */
export class StreamSummaries {
  readonly #db: Db;
  readonly #streams: StreamService;
  readonly #presence: ViewerPresence;
  readonly #likes: LikeCounter;
  readonly #displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;

  constructor(deps: {
    db: Db;
    streams: StreamService;
    presence: ViewerPresence;
    likes: LikeCounter;
    displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;
  }) {
    this.#db = deps.db;
    this.#streams = deps.streams;
    this.#presence = deps.presence;
    this.#likes = deps.likes;
    this.#displayNames = deps.displayNames;
  }

  /** The stream's KOL or an admin. Throws NOT_FOUND, FORBIDDEN. */
  async summary(actor: { userId: string; roles: readonly string[] }, streamId: string): Promise<ShowSummary> {
    const row = await this.#streams.getStreamRow(streamId);
    if (row.kolId !== actor.userId && !actor.roles.includes('admin')) {
      throw new AppError('FORBIDDEN', "Only the stream's KOL sees its sales");
    }
    const sold = and(eq(orders.streamId, streamId), inArray(orders.status, [...SOLD]));
    const [totals, recent, peakViewers, viewerCount, likes] = await Promise.all([
      this.#db
        .select({ currency: orders.currency, totalCents: sql<number>`sum(${orders.totalCents})::int`, count: sql<number>`count(*)::int` })
        .from(orders)
        .where(sold)
        .groupBy(orders.currency)
        .orderBy(orders.currency),
      this.#db.select().from(orders).where(sold).orderBy(desc(orders.createdAt)).limit(RECENT_SALES),
      this.#presence.peak(streamId),
      this.#presence.count(streamId),
      this.#likes.total(streamId),
    ]);
    return {
      streamId,
      status: row.status,
      startedAt: row.startedAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      // The peak is recorded as viewers join; the count now can only be at most that.
      peakViewers: Math.max(peakViewers, viewerCount),
      viewerCount,
      likes,
      orders: totals.reduce((sum, t) => sum + Number(t.count), 0),
      gmv: totals.map((t) => ({ currency: t.currency, totalCents: Number(t.totalCents) })),
      recentSales: await this.#sales(recent),
    };
  }

  async #sales(rows: (typeof orders.$inferSelect)[]): Promise<StreamSale[]> {
    if (rows.length === 0) return [];
    const [lines, names] = await Promise.all([
      this.#db
        .select({ orderId: orderItems.orderId, quantity: orderItems.quantity, title: products.title })
        .from(orderItems)
        .innerJoin(products, eq(products.id, orderItems.productId))
        .where(
          inArray(
            orderItems.orderId,
            rows.map((r) => r.id),
          ),
        ),
      this.#displayNames([...new Set(rows.map((r) => r.buyerId))]),
    ]);
    return rows.map((row) => ({
      orderId: row.id,
      at: row.createdAt.toISOString(),
      buyer: shortBuyerName(names.get(row.buyerId) ?? ''),
      totalCents: row.totalCents,
      currency: row.currency,
      items: lines.filter((l) => l.orderId === row.id).map(({ title, quantity }) => ({ title, quantity })),
    }));
  }
}
