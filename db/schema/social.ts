import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { at, createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import { streams } from './streams.ts';
import { users } from './users.ts';

export const shareLinks = pgTable('share_links', {
  code: text().primaryKey(),
  sharerId: text()
    .notNull()
    .references(() => users.id),
  streamId: text().references(() => streams.id),
  productId: text().references(() => products.id),
  clicks: integer().notNull().default(0),
  createdAt: createdAt(),
});

export const follows = pgTable(
  'follows',
  {
    followerId: text()
      .notNull()
      .references(() => users.id),
    kolId: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.kolId] }), index().on(t.kolId)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** One notification per key (e.g. one "now live" per follower and stream), so a retried fan-out job writes nothing twice. */
    dedupeKey: text().unique(),
    readAt: at(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

export const comments = pgTable(
  'comments',
  {
    id: id(),
    streamId: text()
      .notNull()
      .references(() => streams.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    text: text().notNull(),
    isDeleted: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.streamId, t.createdAt)],
);

export const reviews = pgTable('reviews', {
  id: id(),
  orderId: text()
    .notNull()
    .unique()
    .references(() => orders.id),
  productId: text()
    .notNull()
    .references(() => products.id),
  userId: text()
    .notNull()
    .references(() => users.id),
  rating: integer().notNull(),
  text: text().notNull(),
  merchantReply: text(),
  /** When an admin removed it (moderation): hidden from the product's page and its rating; null while visible. */
  hiddenAt: at(),
  createdAt: createdAt(),
});
