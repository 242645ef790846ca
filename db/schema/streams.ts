import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { at, createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const STREAM_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

/** Who ended a show: its KOL, or Streamcart's moderation (an admin stopped it for breaking the rules). */
export const STREAM_ENDERS = ['kol', 'moderation'] as const;
export type StreamEndedBy = (typeof STREAM_ENDERS)[number];

export const streams = pgTable('streams', {
  id: id(),
  kolId: text()
    .notNull()
    .references(() => users.id),
  title: text().notNull(),
  status: text().$type<StreamStatus>().notNull().default('scheduled'),
  scheduledAt: at(),
  startedAt: at(),
  endedAt: at(),
  /** Who ended it; null until it ends. */
  endedBy: text().$type<StreamEndedBy>(),
  pinnedProductId: text().references(() => products.id),
  /** When the KOL's media (or the demo's test pattern) last reached the SFU; null while nothing is published (ADR 0014). */
  mediaSeenAt: at(),
  /** The first time media flowed: followers heard "now live" then, once. */
  firstMediaAt: at(),
  createdAt: createdAt(),
});

/** The stream's shopping bag: products the KOL sells in it, in display order. */
export const showcaseItems = pgTable(
  'showcase_items',
  {
    streamId: text()
      .notNull()
      .references(() => streams.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    position: integer().notNull(),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.productId] })],
);

/** Every pin and unpin, so a replay can show product moments. */
export const pinEvents = pgTable('pin_events', {
  id: id(),
  streamId: text()
    .notNull()
    .references(() => streams.id),
  productId: text().references(() => products.id),
  at: createdAt(),
});
