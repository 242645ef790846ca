import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { createdAt } from './columns.ts';
import { streams } from './streams.ts';

/**
 * Whether a stream's KOL agreed to a sale aimed at their stream (a flash sale or a group offer):
 * `accepted` shows it in the stream; `proposed` waits for the KOL; `declined` and `removed` keep it out.
 */
export const STREAM_APPROVALS = ['accepted', 'proposed', 'declined', 'removed'] as const;
export type StreamApproval = (typeof STREAM_APPROVALS)[number];

/**
 * Products a stream offered while it was live (showcase, pin, or a sale shown in it), with the
 * first and the last time it was seen on offer: the record a KOL's commission is decided from.
 */
export const streamOffers = pgTable(
  'stream_offers',
  {
    streamId: text()
      .notNull()
      .references(() => streams.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    firstOfferedAt: createdAt(),
    lastOfferedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.productId] })],
);
