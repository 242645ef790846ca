import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import { users } from './users.ts';

/** `taken_down` and `suspended` are set by admins (moderation): hidden from everyone but the merchant, and not sellable. */
export const PRODUCT_STATUSES = ['active', 'archived', 'taken_down', 'suspended'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const products = pgTable(
  'products',
  {
    id: id(),
    merchantId: text()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    description: text().notNull(),
    category: text(),
    priceCents: integer().notNull(),
    currency: text().notNull().default('CNY'),
    stock: integer().notNull(),
    kolCommissionBps: integer().notNull(),
    imageUrl: text(),
    status: text().$type<ProductStatus>().notNull().default('active'),
    /** Why an admin took the product down (or suspended its merchant), and when; null otherwise. */
    moderationReason: text(),
    moderatedAt: at(),
    createdAt: createdAt(),
    updatedAt: at(),
  },
  (t) => [index().on(t.merchantId)],
);
