import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import { users } from './users.ts';

export const REFUND_REQUEST_REASONS = ['not_received', 'damaged', 'not_as_described', 'wrong_item', 'changed_mind', 'other'] as const;
export type RefundRequestReason = (typeof REFUND_REQUEST_REASONS)[number];

export const REFUND_REQUEST_STATUSES = ['requested', 'approved', 'declined'] as const;
export type RefundRequestStatus = (typeof REFUND_REQUEST_STATUSES)[number];

/**
 * A buyer's request for their money back on an order that shipped. The merchant approves or
 * declines it by `respondBy`; unanswered by then, it is approved by a job.
 */
export const refundRequests = pgTable(
  'refund_requests',
  {
    id: id(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    status: text().$type<RefundRequestStatus>().notNull().default('requested'),
    reason: text().$type<RefundRequestReason>().notNull(),
    details: text(),
    createdAt: createdAt(),
    respondBy: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    answeredAt: at(),
    /** Who answered: the merchant or an admin; null when the job approved it (or for an open request). */
    answeredBy: text().references(() => users.id),
    declineReason: text(),
  },
  (t) => [
    // One open request per order: a second one while it is open is refused.
    uniqueIndex('refund_requests_open_order').on(t.orderId).where(sql`${t.status} = 'requested'`),
    index().on(t.orderId, t.createdAt),
  ],
);
