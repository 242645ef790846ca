import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { createdAt, id } from './columns.ts';
import { flashSaleHolds, flashSales } from './flash-sales.ts';
import { streams } from './streams.ts';
import { users } from './users.ts';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface ShippingAddress {
  name: string;
  phone?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
}

export const orders = pgTable(
  'orders',
  {
    id: id(),
    buyerId: text()
      .notNull()
      .references(() => users.id),
    merchantId: text()
      .notNull()
      .references(() => users.id),
    streamId: text().references(() => streams.id),
    /** The stream's KOL when the order was placed: earns the KOL commission. */
    kolId: text().references(() => users.id),
    flashSaleId: text().references(() => flashSales.id),
    reservationId: text()
      .unique()
      .references(() => flashSaleHolds.id),
    referralCode: text(),
    status: text().$type<OrderStatus>().notNull().default('pending_payment'),
    currency: text().notNull(),
    totalCents: integer().notNull(),
    shippingAddress: jsonb().$type<ShippingAddress>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.buyerId), index().on(t.merchantId)],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    quantity: integer().notNull(),
    unitPriceCents: integer().notNull(),
    /** Snapshot of the product's rate when the order was placed. */
    kolCommissionBps: integer().notNull(),
  },
  (t) => [index().on(t.orderId)],
);

export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    fromStatus: text().$type<OrderStatus>(),
    toStatus: text().$type<OrderStatus>().notNull(),
    reason: text(),
    at: createdAt(),
  },
  (t) => [index().on(t.orderId)],
);

/** Idempotency-Key results: the same key from the same user returns the stored answer. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  /** `${userId}|${scope}|${key}` */
  id: text().primaryKey(),
  status: integer().notNull(),
  body: jsonb().notNull(),
  createdAt: createdAt(),
});
