import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import type { ShippingAddress } from './orders.ts';
import { streams } from './streams.ts';
import { users } from './users.ts';

/** A KOL's public creator profile, made when the user becomes a creator (at sign-up or later). */
export const creatorProfiles = pgTable('creator_profiles', {
  userId: text()
    .primaryKey()
    .references(() => users.id),
  bio: text().notNull().default(''),
  createdAt: createdAt(),
  updatedAt: at(),
});

/** `pending`: waits in the admins' queue (MERCHANT_APPROVAL=admin); `approved` holds the merchant role. */
export const MERCHANT_STORE_STATUSES = ['pending', 'approved', 'declined'] as const;
export type MerchantStoreStatus = (typeof MERCHANT_STORE_STATUSES)[number];

/** A merchant's store: its name, logo and where returns go; one per user. */
export const merchantStores = pgTable(
  'merchant_stores',
  {
    userId: text()
      .primaryKey()
      .references(() => users.id),
    name: text().notNull(),
    logoUrl: text(),
    returnAddress: jsonb().$type<ShippingAddress>().notNull(),
    status: text().$type<MerchantStoreStatus>().notNull(),
    /** Why an admin declined the request; null otherwise. */
    declineReason: text(),
    decidedBy: text().references(() => users.id),
    decidedAt: at(),
    createdAt: createdAt(),
    updatedAt: at(),
  },
  (t) => [index().on(t.status, t.createdAt)],
);

/** The buyer's saved shipping addresses (the address book); at most one is the default. */
export const savedAddresses = pgTable(
  'saved_addresses',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id),
    address: jsonb().$type<ShippingAddress>().notNull(),
    isDefault: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at(),
  },
  (t) => [index().on(t.userId)],
);

/** What a KOL planned for a show beyond the stream row: its cover, and whether it was called off. */
export const showPlans = pgTable('show_plans', {
  streamId: text()
    .primaryKey()
    .references(() => streams.id),
  coverUrl: text(),
  /** Set when the KOL cancelled the show before it went live (the stream is then `ended`, never started). */
  cancelledAt: at(),
  updatedAt: at(),
});
