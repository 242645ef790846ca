import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import { orders } from './orders.ts';

/** `cancelled`: the order lapsed unpaid; a success reported after that is refunded at once. */
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = pgTable('payments', {
  id: id(),
  orderId: text()
    .notNull()
    .unique()
    .references(() => orders.id),
  provider: text().notNull(),
  amountCents: integer().notNull(),
  currency: text().notNull(),
  status: text().$type<PaymentStatus>().notNull().default('pending'),
  createdAt: createdAt(),
  updatedAt: at(),
});

/** Provider event ids already handled: a replayed webhook is refused. */
export const paymentEvents = pgTable('payment_events', {
  eventId: text().primaryKey(),
  paymentId: text()
    .notNull()
    .references(() => payments.id),
  type: text().notNull(),
  receivedAt: createdAt(),
});
