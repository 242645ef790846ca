import { and, count, desc, eq, gte, ilike, inArray, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type ProductStatus, products } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { CreateProductInput, UpdateProductInput } from './schema.ts';
import type { ProductModeration, ProductView } from './views.ts';

export type { ProductModeration, ProductView };

export type ProductRow = typeof products.$inferSelect;
/** A database handle or an open transaction. */
export type DbOrTx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** Statuses admins set: the product is hidden from everyone but its merchant and admins, and not sellable. */
export const MODERATED_STATUSES: readonly ProductStatus[] = ['taken_down', 'suspended'];

/** Whether `viewer` may see the product: a moderated one only its merchant and admins. */
export function isVisibleTo(product: ProductRow, viewer: { userId: string; roles: readonly string[] } | undefined): boolean {
  if (!MODERATED_STATUSES.includes(product.status)) return true;
  return viewer !== undefined && (viewer.userId === product.merchantId || viewer.roles.includes('admin'));
}

export function toProductView(row: ProductRow): ProductView {
  return {
    id: row.id,
    merchantId: row.merchantId,
    title: row.title,
    description: row.description,
    category: row.category,
    priceCents: row.priceCents,
    currency: row.currency,
    stock: row.stock,
    kolCommissionBps: row.kolCommissionBps,
    imageUrl: row.imageUrl,
    status: row.status,
    moderation: row.moderationReason && row.moderatedAt ? { reason: row.moderationReason, at: row.moderatedAt.toISOString() } : null,
    rating: { average: null, count: 0 },
    createdAt: row.createdAt.toISOString(),
  };
}

export interface ProductFilter {
  merchantId?: string | undefined;
  category?: string | undefined;
  q?: string | undefined;
  includeArchived?: boolean;
  cursor?: string | undefined;
  limit: number;
}

/** LIKE patterns match the text literally: %, _ and \\ are escaped. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function encodeCursor(row: ProductRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
}

export class CatalogService {
  readonly #db: Db;
  readonly #isSuspended: (merchantId: string) => Promise<boolean>;

  constructor(deps: { db: Db; isSuspended?: (merchantId: string) => Promise<boolean> }) {
    this.#db = deps.db;
    this.#isSuspended = deps.isSuspended ?? (async () => false);
  }

  /** Throws MERCHANT_SUSPENDED. */
  async createProduct(merchantId: string, input: CreateProductInput): Promise<ProductView> {
    if (await this.#isSuspended(merchantId)) throw new AppError('MERCHANT_SUSPENDED');
    const [row] = await this.#db
      .insert(products)
      .values({ ...input, merchantId, description: input.description })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return toProductView(row);
  }

  /** Throws NOT_FOUND. */
  async getProduct(productId: string, db: DbOrTx = this.#db): Promise<ProductRow> {
    const [row] = await db.select().from(products).where(eq(products.id, productId));
    if (!row) throw new AppError('NOT_FOUND', 'Product not found');
    return row;
  }

  /** Titles, images, merchants and statuses of products by id, archived products too, in one query; unknown ids are left out. */
  async getProductCards(
    productIds: readonly string[],
  ): Promise<Map<string, { title: string; imageUrl: string | null; merchantId: string; status: ProductStatus }>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.#db
      .select({
        id: products.id,
        title: products.title,
        imageUrl: products.imageUrl,
        merchantId: products.merchantId,
        status: products.status,
      })
      .from(products)
      .where(inArray(products.id, [...new Set(productIds)]));
    return new Map(rows.map(({ id, ...card }) => [id, card]));
  }

  /** A merchant's products (archived ones too), newest first. */
  async listProductsOfMerchant(merchantId: string, limit = 100): Promise<ProductView[]> {
    return (await this.listProducts({ merchantId, includeArchived: true, limit })).items;
  }

  /**
   * Products newest first, filtered by merchant, category and a title search; `cursor` is the
   * `nextCursor` of the page before. Archived products only when asked for.
   */
  async listProducts(filter: ProductFilter): Promise<{ items: ProductView[]; nextCursor?: string }> {
    const conditions: SQL[] = [];
    if (filter.merchantId) conditions.push(eq(products.merchantId, filter.merchantId));
    if (filter.category) conditions.push(eq(products.category, filter.category));
    if (filter.q) conditions.push(ilike(products.title, `%${escapeLike(filter.q)}%`));
    if (!filter.includeArchived) conditions.push(eq(products.status, 'active'));
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    if (after) {
      const olderThan = or(
        lt(products.createdAt, after.createdAt),
        and(eq(products.createdAt, after.createdAt), lt(products.id, after.id)),
      );
      if (olderThan) conditions.push(olderThan);
    }
    const rows = await this.#db
      .select()
      .from(products)
      .where(and(...conditions))
      .orderBy(desc(products.createdAt), desc(products.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: page.map(toProductView), ...(rows.length > filter.limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** Only the owner may edit, and not while suspended or once taken down. Throws NOT_FOUND, FORBIDDEN, MERCHANT_SUSPENDED, PRODUCT_TAKEN_DOWN. */
  async updateProduct(merchantId: string, productId: string, input: UpdateProductInput): Promise<ProductView> {
    const product = await this.getProduct(productId);
    if (product.merchantId !== merchantId) throw new AppError('FORBIDDEN', 'Only the product owner may edit it');
    if (await this.#isSuspended(merchantId)) throw new AppError('MERCHANT_SUSPENDED');
    if (product.status === 'taken_down') throw new AppError('PRODUCT_TAKEN_DOWN');
    const [row] = await this.#db
      .update(products)
      .set({ ...input, updatedAt: new Date() })
      // An admin's status wins over an edit that read the product just before it.
      .where(and(eq(products.id, productId), notInArray(products.status, [...MODERATED_STATUSES])))
      .returning();
    if (!row) throw new AppError((await this.getProduct(productId)).status === 'taken_down' ? 'PRODUCT_TAKEN_DOWN' : 'MERCHANT_SUSPENDED');
    return toProductView(row);
  }

  // ── Moderation (called by the moderation domain, inside its transaction) ──────────────────

  /**
   * Moves a product from one of `from` to `to`, recording why (`moderation`, or null to clear it).
   * Returns the product, or undefined when it was not in one of `from`.
   */
  async moderateProduct(
    tx: DbOrTx,
    productId: string,
    move: { from: readonly ProductStatus[]; to: ProductStatus; moderation: { reason: string; at: Date } | null },
  ): Promise<ProductRow | undefined> {
    const [row] = await tx
      .update(products)
      .set({ status: move.to, moderationReason: move.moderation?.reason ?? null, moderatedAt: move.moderation?.at ?? null })
      .where(and(eq(products.id, productId), inArray(products.status, [...move.from])))
      .returning();
    return row;
  }

  /** A suspended merchant's active products become `suspended`; returns their ids. */
  async suspendProductsOf(tx: DbOrTx, merchantId: string, moderation: { reason: string; at: Date }): Promise<string[]> {
    const rows = await tx
      .update(products)
      .set({ status: 'suspended', moderationReason: moderation.reason, moderatedAt: moderation.at })
      .where(and(eq(products.merchantId, merchantId), eq(products.status, 'active')))
      .returning({ id: products.id });
    return rows.map((r) => r.id);
  }

  /** A reinstated merchant's suspended products are active again (taken-down ones stay down); returns their ids. */
  async reinstateProductsOf(tx: DbOrTx, merchantId: string): Promise<string[]> {
    const rows = await tx
      .update(products)
      .set({ status: 'active', moderationReason: null, moderatedAt: null })
      .where(and(eq(products.merchantId, merchantId), eq(products.status, 'suspended')))
      .returning({ id: products.id });
    return rows.map((r) => r.id);
  }

  /** How many products (of any status) each merchant has; merchants without any are left out. */
  async countProductsOfMerchants(merchantIds: readonly string[]): Promise<Map<string, number>> {
    if (merchantIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ merchantId: products.merchantId, n: count() })
      .from(products)
      .where(inArray(products.merchantId, [...new Set(merchantIds)]))
      .groupBy(products.merchantId);
    return new Map(rows.map((r) => [r.merchantId, Number(r.n)]));
  }

  /** Takes `quantity` units off the product's stock without a race. Throws OUT_OF_STOCK. */
  async takeStock(db: DbOrTx, productId: string, quantity: number): Promise<ProductRow> {
    const [row] = await db
      .update(products)
      .set({ stock: sql`${products.stock} - ${quantity}` })
      .where(and(eq(products.id, productId), gte(products.stock, quantity)))
      .returning();
    if (!row) throw new AppError('OUT_OF_STOCK');
    return row;
  }

  /** Puts units back on the product's stock. */
  async returnStock(db: DbOrTx, productId: string, quantity: number): Promise<void> {
    await db
      .update(products)
      .set({ stock: sql`${products.stock} + ${quantity}` })
      .where(eq(products.id, productId));
  }
}
