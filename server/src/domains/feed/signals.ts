import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../../../db/client.ts';
import { orderItems, orders, products, streams, users } from '../../../../db/schema/index.ts';
import type { ViewerPresence } from '../streams/presence.ts';
import { hasFreshMedia } from '../streams/service.ts';
import type { ProductCandidate, StreamCandidate } from './ranking.ts';

const SOLD = ['paid', 'shipped', 'delivered', 'completed'] as const;
const WEEK_MS = 7 * 24 * 3600_000;

/**
 * The feed's read model: it reads streams, products and orders directly (read-only), since the
 * ranking needs them joined; the owning domains still do every write.
 */
export class FeedSignals {
  readonly #db: Db;
  readonly #presence: ViewerPresence;
  readonly #redis: Redis;

  constructor(deps: { db: Db; presence: ViewerPresence; redis: Redis }) {
    this.#db = deps.db;
    this.#presence = deps.presence;
    this.#redis = deps.redis;
  }

  /** Remembers the category of a product the user looked at (the last 20, for 30 days). */
  async recordProductView(userId: string, category: string): Promise<void> {
    const key = `feed:{${userId}}:viewed-categories`;
    await this.#redis
      .multi()
      .zadd(key, Date.now(), category)
      .zremrangebyrank(key, 0, -21)
      .expire(key, 30 * 24 * 3600)
      .exec();
  }

  async viewedCategories(userId: string): Promise<Set<string>> {
    return new Set(await this.#redis.zrange(`feed:{${userId}}:viewed-categories`, 0, -1));
  }

  async streamCandidates(limit = 50): Promise<StreamCandidate[]> {
    const rows = await this.#db
      .select({ stream: streams, kolName: users.displayName })
      .from(streams)
      .innerJoin(users, eq(users.id, streams.kolId))
      .where(inArray(streams.status, ['live', 'scheduled']))
      .orderBy(desc(streams.createdAt))
      .limit(limit);
    const counts = await this.#presence.counts(rows.map((r) => r.stream.id));
    return rows.map(({ stream, kolName }) => ({
      id: stream.id,
      title: stream.title,
      kolId: stream.kolId,
      kolName,
      // A started show whose camera has not reached the SFU yet is not LIVE to viewers (ADR 0014).
      status: hasFreshMedia(stream) ? 'live' : 'scheduled',
      viewerCount: counts.get(stream.id) ?? 0,
      scheduledAt: stream.scheduledAt?.toISOString() ?? null,
    }));
  }

  async productCandidates(now: Date, limit = 100): Promise<ProductCandidate[]> {
    const sold = this.#db
      .select({ productId: orderItems.productId, units: sql<number>`sum(${orderItems.quantity})`.as('units') })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(and(inArray(orders.status, [...SOLD]), gte(orders.createdAt, new Date(now.getTime() - WEEK_MS))))
      .groupBy(orderItems.productId)
      .as('sold');
    const rows = await this.#db
      .select({ product: products, units: sold.units })
      .from(products)
      .leftJoin(sold, eq(sold.productId, products.id))
      .where(eq(products.status, 'active'))
      .orderBy(desc(sql`coalesce(${sold.units}, 0)`), desc(products.createdAt))
      .limit(limit);
    return rows.map(({ product, units }) => ({
      id: product.id,
      title: product.title,
      category: product.category,
      priceCents: product.priceCents,
      currency: product.currency,
      imageUrl: product.imageUrl,
      unitsSoldThisWeek: Number(units ?? 0),
    }));
  }

  async purchasedCategories(userId: string): Promise<Set<string>> {
    const rows = await this.#db
      .selectDistinct({ category: products.category })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(and(eq(orders.buyerId, userId), inArray(orders.status, [...SOLD])));
    return new Set(rows.flatMap((r) => (r.category ? [r.category] : [])));
  }
}
