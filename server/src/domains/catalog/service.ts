import { and, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { products } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { CreateProductInput, UpdateProductInput } from './schema.ts';

export type ProductRow = typeof products.$inferSelect;
/** A database handle or an open transaction. */
export type DbOrTx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export interface ProductView {
  id: string;
  merchantId: string;
  title: string;
  description: string;
  category: string | null;
  priceCents: number;
  currency: string;
  stock: number;
  kolCommissionBps: number;
  imageUrl: string | null;
  status: string;
  rating: { average: number | null; count: number };
  createdAt: string;
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

  constructor(deps: { db: Db }) {
    this.#db = deps.db;
  }

  async createProduct(merchantId: string, input: CreateProductInput): Promise<ProductView> {
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

  /** Titles and images of products by id, archived products too, in one query; unknown ids are left out. */
  async getProductCards(productIds: readonly string[]): Promise<Map<string, { title: string; imageUrl: string | null }>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ id: products.id, title: products.title, imageUrl: products.imageUrl })
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

  /** Only the owner may edit. Throws NOT_FOUND, FORBIDDEN. */
  async updateProduct(merchantId: string, productId: string, input: UpdateProductInput): Promise<ProductView> {
    const product = await this.getProduct(productId);
    if (product.merchantId !== merchantId) throw new AppError('FORBIDDEN', 'Only the product owner may edit it');
    const [row] = await this.#db
      .update(products)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(products.id, productId))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'Product not found');
    return toProductView(row);
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
