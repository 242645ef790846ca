import { index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { createdAt, id } from './columns.ts';
import { streams } from './streams.ts';
import { users } from './users.ts';

export const FLASH_SALE_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type FlashSaleStatus = (typeof FLASH_SALE_STATUSES)[number];

export const flashSales = pgTable('flash_sales', {
  id: id(),
  productId: text()
    .notNull()
    .references(() => products.id),
  merchantId: text()
    .notNull()
    .references(() => users.id),
  streamId: text().references(() => streams.id),
  priceCents: integer().notNull(),
  currency: text().notNull(),
  quantity: integer().notNull(),
  perUserLimit: integer().notNull(),
  startsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  endsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  status: text().$type<FlashSaleStatus>().notNull().default('scheduled'),
  soldCount: integer().notNull().default(0),
  createdAt: createdAt(),
});

export const HOLD_STATUSES = ['held', 'ordered', 'sold', 'lapsed', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** A buyer's hold on flash-sale units; Redis is the live truth, this row the durable record. */
export const flashSaleHolds = pgTable(
  'flash_sale_holds',
  {
    id: id(),
    saleId: text()
      .notNull()
      .references(() => flashSales.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    quantity: integer().notNull(),
    status: text().$type<HoldStatus>().notNull().default('held'),
    idempotencyKey: text(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.saleId), unique().on(t.userId, t.saleId, t.idempotencyKey)],
);
