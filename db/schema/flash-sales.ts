import { index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { at, createdAt, id } from './columns.ts';
import type { StreamApproval } from './stream-offers.ts';
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
  /** The stream KOL's consent: only an accepted sale shows in the stream. */
  streamApproval: text().$type<StreamApproval>().notNull().default('accepted'),
  priceCents: integer().notNull(),
  currency: text().notNull(),
  quantity: integer().notNull(),
  perUserLimit: integer().notNull(),
  startsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  endsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  status: text().$type<FlashSaleStatus>().notNull().default('scheduled'),
  /** Units paid for, as recorded from the hold journal. */
  soldCount: integer().notNull().default(0),
  /** Units given back to the product's stock (cancelled, or ended unsold). */
  returnedToStock: integer().notNull().default(0),
  /** The last entry of the sale's Redis hold journal applied here (a Redis stream id). */
  journalCursor: text().notNull().default('0-0'),
  createdAt: createdAt(),
  updatedAt: at(),
});

export const HOLD_STATUSES = ['held', 'ordered', 'sold', 'lapsed', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * A buyer's hold on flash-sale units. Redis is the live truth; this row is its durable record,
 * written from the sale's hold journal (every row is the hold as of `flash_sales.journal_cursor`).
 */
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
    updatedAt: at(),
  },
  (t) => [index().on(t.saleId, t.status), unique().on(t.userId, t.saleId, t.idempotencyKey)],
);
