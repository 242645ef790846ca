import { and, avg, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { reviews, users } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { WordFilter } from '../comments/word-filter.ts';

const REVIEWABLE = new Set(['paid', 'shipped', 'delivered', 'completed']);

/** What reviews need to know of an order (from the orders domain). */
export interface ReviewableOrder {
  buyerId: string;
  merchantId: string;
  status: string;
  items: { productId: string }[];
}

export interface ReviewView {
  id: string;
  orderId: string;
  productId: string;
  /** The buyer who wrote it (the page offers everyone else to report it). */
  authorId: string;
  author: string;
  rating: number;
  text: string;
  merchantReply: string | null;
  createdAt: string;
}

/** A review as moderation sees it: whose, on what, and whether an admin removed it. */
export interface StoredReview {
  id: string;
  productId: string;
  userId: string;
  rating: number;
  text: string;
  isHidden: boolean;
}

function toStoredReview(row: typeof reviews.$inferSelect): StoredReview {
  return { id: row.id, productId: row.productId, userId: row.userId, rating: row.rating, text: row.text, isHidden: row.hiddenAt !== null };
}

export class ReviewService {
  readonly #db: Db;
  readonly #filter: WordFilter;
  readonly #orderOf: (buyerId: string, orderId: string) => Promise<ReviewableOrder>;
  readonly #merchantOfProduct: (productId: string) => Promise<string>;

  constructor(deps: {
    db: Db;
    filter: WordFilter;
    orderOf: (buyerId: string, orderId: string) => Promise<ReviewableOrder>;
    merchantOfProduct: (productId: string) => Promise<string>;
  }) {
    this.#db = deps.db;
    this.#filter = deps.filter;
    this.#orderOf = deps.orderOf;
    this.#merchantOfProduct = deps.merchantOfProduct;
  }

  /** The buyer of a paid order reviews it once. Throws NOT_FOUND, NOT_REVIEWABLE, ALREADY_REVIEWED, VALIDATION_FAILED. */
  async review(buyerId: string, orderId: string, input: { rating: number; text: string }): Promise<ReviewView> {
    const order = await this.#orderOf(buyerId, orderId);
    if (order.buyerId !== buyerId) throw new AppError('NOT_FOUND', 'Order not found');
    if (!REVIEWABLE.has(order.status)) throw new AppError('NOT_REVIEWABLE');
    const productId = order.items[0]?.productId;
    if (!productId) throw new AppError('NOT_REVIEWABLE');
    const text = this.#filter.clean(input.text);
    try {
      const [row] = await this.#db.insert(reviews).values({ orderId, productId, userId: buyerId, rating: input.rating, text }).returning();
      if (!row) throw new Error('insert returned no row');
      return this.#view(row, await this.#authorName(buyerId));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_REVIEWED');
      throw error;
    }
  }

  /** The product's merchant replies once, to a review still shown. Throws NOT_FOUND, FORBIDDEN, ALREADY_REPLIED. */
  async reply(merchantId: string, reviewId: string, text: string): Promise<ReviewView> {
    const [review] = await this.#db.select().from(reviews).where(eq(reviews.id, reviewId));
    // A review an admin removed is gone for everyone, its merchant included.
    if (!review || review.hiddenAt !== null) throw new AppError('NOT_FOUND', 'Review not found');
    if ((await this.#merchantOfProduct(review.productId)) !== merchantId)
      throw new AppError('FORBIDDEN', "Only the product's merchant may reply");
    const [row] = await this.#db
      .update(reviews)
      .set({ merchantReply: this.#filter.clean(text) })
      .where(and(eq(reviews.id, reviewId), isNull(reviews.merchantReply), isNull(reviews.hiddenAt)))
      .returning();
    if (!row) throw new AppError('ALREADY_REPLIED');
    return this.#view(row, await this.#authorName(row.userId));
  }

  /** A product's reviews, newest first; `before` (an ISO time) pages back. */
  async listForProduct(
    productId: string,
    options: { limit: number; before?: string | undefined },
  ): Promise<{ items: ReviewView[]; nextCursor?: string }> {
    const before = options.before ? new Date(options.before) : undefined;
    const rows = await this.#db
      .select({ review: reviews, author: users.displayName })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.userId))
      .where(and(eq(reviews.productId, productId), isNull(reviews.hiddenAt), before ? lt(reviews.createdAt, before) : undefined))
      .orderBy(desc(reviews.createdAt))
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => this.#view(r.review, r.author)),
      ...(rows.length > options.limit && last ? { nextCursor: last.review.createdAt.toISOString() } : {}),
    };
  }

  /** Of these orders, those that have a review. */
  async reviewedOrders(orderIds: readonly string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const rows = await this.#db
      .select({ orderId: reviews.orderId })
      .from(reviews)
      .where(inArray(reviews.orderId, [...orderIds]));
    return new Set(rows.map((r) => r.orderId));
  }

  /** Average rating (one decimal) and count of a product's reviews; removed ones do not count. */
  async ratingOf(productId: string): Promise<{ average: number | null; count: number }> {
    const [row] = await this.#db
      .select({ average: avg(reviews.rating), n: count() })
      .from(reviews)
      .where(and(eq(reviews.productId, productId), isNull(reviews.hiddenAt)));
    const n = Number(row?.n ?? 0);
    return { average: n > 0 ? Math.round(Number(row?.average) * 10) / 10 : null, count: n };
  }

  /** One review, removed or not (moderation looks up what was reported). Throws NOT_FOUND. */
  async getReview(reviewId: string): Promise<StoredReview> {
    const [row] = await this.#db.select().from(reviews).where(eq(reviews.id, reviewId));
    if (!row) throw new AppError('NOT_FOUND', 'Review not found');
    return toStoredReview(row);
  }

  /** Reviews by id, removed or not, in one query; unknown ids are left out. */
  async getReviewCards(reviewIds: readonly string[]): Promise<Map<string, StoredReview>> {
    if (reviewIds.length === 0) return new Map();
    const rows = await this.#db
      .select()
      .from(reviews)
      .where(inArray(reviews.id, [...new Set(reviewIds)]));
    return new Map(rows.map((row) => [row.id, toStoredReview(row)]));
  }

  /**
   * Hides a review inside the caller's transaction (an admin's): it leaves the product's page and
   * rating. False when it was hidden already.
   */
  async hide(tx: DbOrTx, reviewId: string, at: Date): Promise<boolean> {
    const hidden = await tx
      .update(reviews)
      .set({ hiddenAt: at })
      .where(and(eq(reviews.id, reviewId), isNull(reviews.hiddenAt)))
      .returning({ id: reviews.id });
    return hidden.length > 0;
  }

  async #authorName(userId: string): Promise<string> {
    const [row] = await this.#db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId));
    return row?.displayName ?? 'a buyer';
  }

  #view(row: typeof reviews.$inferSelect, author: string): ReviewView {
    return {
      id: row.id,
      orderId: row.orderId,
      productId: row.productId,
      authorId: row.userId,
      author,
      rating: row.rating,
      text: row.text,
      merchantReply: row.merchantReply,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
