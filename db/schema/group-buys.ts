import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { at, createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import type { StreamApproval } from './stream-offers.ts';
import { streams } from './streams.ts';
import { users } from './users.ts';

/** A merchant's group price for one product: `groupSize` buyers within `windowMinutes` of a group opening. */
export const groupOffers = pgTable(
  'group_offers',
  {
    id: id(),
    productId: text()
      .notNull()
      .references(() => products.id),
    merchantId: text()
      .notNull()
      .references(() => users.id),
    /** The stream whose viewers see the groups' progress; its KOL earns the commission. */
    streamId: text().references(() => streams.id),
    /** The stream KOL's consent: only an accepted offer shows in the stream. */
    streamApproval: text().$type<StreamApproval>().notNull().default('accepted'),
    groupPriceCents: integer().notNull(),
    currency: text().notNull(),
    groupSize: integer().notNull(),
    windowMinutes: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.streamId), index().on(t.productId)],
);

export const GROUP_STATUSES = ['open', 'succeeded', 'failed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** One group a buyer opened on an offer; it succeeds when `groupSize` members paid before `deadline`. */
export const groupBuys = pgTable(
  'group_buys',
  {
    id: id(),
    offerId: text()
      .notNull()
      .references(() => groupOffers.id),
    leaderId: text()
      .notNull()
      .references(() => users.id),
    status: text().$type<GroupStatus>().notNull().default('open'),
    deadline: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
    closedAt: at(),
  },
  (t) => [index().on(t.offerId, t.status)],
);

/**
 * A buyer's place in a group, with the order they pay at the group price. A member whose unpaid
 * order lapsed has left (`leftAt`) and may join again with a new order, so a buyer has at most one
 * place in a group at a time but may have several rows.
 */
export const groupBuyMembers = pgTable(
  'group_buy_members',
  {
    id: id(),
    groupId: text()
      .notNull()
      .references(() => groupBuys.id),
    buyerId: text()
      .notNull()
      .references(() => users.id),
    orderId: text()
      .notNull()
      .unique()
      .references(() => orders.id),
    /** The Idempotency-Key of the request that opened or joined, so a retry returns the same answer. */
    idempotencyKey: text(),
    joinedAt: createdAt(),
    /** When the member gave up their place: their unpaid order lapsed (or it was refunded while the group was open). */
    leftAt: at(),
  },
  (t) => [
    uniqueIndex('group_buy_members_group_buyer_seated').on(t.groupId, t.buyerId).where(sql`${t.leftAt} is null`),
    unique().on(t.buyerId, t.idempotencyKey),
  ],
);
