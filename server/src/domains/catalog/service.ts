import { and, desc, eq, gte, sql } from 'drizzle-orm';
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

  /** A merchant's products, newest first. */
  async listProductsOfMerchant(merchantId: string, limit = 100): Promise<ProductView[]> {
    const rows = await this.#db
      .select()
      .from(products)
      .where(eq(products.merchantId, merchantId))
      .orderBy(desc(products.createdAt))
      .limit(limit);
    return rows.map(toProductView);
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
