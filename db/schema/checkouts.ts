import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/** One cart paid in one go: the orders it split into, one per merchant, each settled on its own. */
export const checkouts = pgTable(
  'checkouts',
  {
    id: id(),
    buyerId: text()
      .notNull()
      .references(() => users.id),
    orderIds: text().array().notNull(),
    /** The buyer's Idempotency-Key, so a retried checkout places nothing twice. */
    idempotencyKey: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.buyerId, t.createdAt), uniqueIndex().on(t.buyerId, t.idempotencyKey)],
);
