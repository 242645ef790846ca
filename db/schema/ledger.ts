import { bigint, index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import { users } from './users.ts';

export const LEDGER_ENTRY_KINDS = ['buyer_payment', 'platform_fee', 'kol_commission', 'referral_commission', 'merchant_net'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export const LEDGER_ACCOUNTS = ['payment_clearing', 'platform_revenue', 'user_earnings', 'merchant_payable'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export type LedgerEntryStatus = 'pending' | 'settled';

/** One balanced movement of money; (orderId, kind) is unique so a retried job writes nothing twice. */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: id(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    kind: text().$type<'order_settlement' | 'order_refund'>().notNull(),
    currency: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('ledger_transactions_order_kind').on(t.orderId, t.kind)],
);

/** Signed amounts in minor units; the entries of one transaction sum to zero. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: id(),
    transactionId: text()
      .notNull()
      .references(() => ledgerTransactions.id),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    account: text().$type<LedgerAccount>().notNull(),
    /** The user the amount belongs to (KOL, sharer, merchant); null for platform accounts. */
    userId: text().references(() => users.id),
    kind: text().$type<LedgerEntryKind>().notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    status: text().$type<LedgerEntryStatus>().notNull().default('pending'),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId), unique('ledger_entries_transaction_kind').on(t.transactionId, t.kind)],
);
