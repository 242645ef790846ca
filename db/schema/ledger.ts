import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import { users } from './users.ts';

export const LEDGER_ENTRY_KINDS = ['buyer_payment', 'platform_fee', 'kol_commission', 'referral_commission', 'merchant_net'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export const LEDGER_ACCOUNTS = ['payment_clearing', 'platform_revenue', 'user_earnings', 'merchant_payable'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export type LedgerEntryStatus = 'pending' | 'settled';

/** The accounts whose settled balances are paid out to their user. */
export type PayableAccount = Extract<LedgerAccount, 'user_earnings' | 'merchant_payable'>;

export const PAYOUT_STATUSES = ['scheduled', 'paid'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** One user's settled balance on one account, grouped by the daily payout run. */
export const payouts = pgTable(
  'payouts',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id),
    account: text().$type<PayableAccount>().notNull(),
    currency: text().notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    /** The UTC day (YYYY-MM-DD) of the run that grouped it; a second run that day adds to it. */
    periodDate: text().notNull(),
    status: text().$type<PayoutStatus>().notNull().default('scheduled'),
    createdAt: createdAt(),
  },
  (t) => [unique('payouts_user_account_currency_period').on(t.userId, t.account, t.currency, t.periodDate)],
);

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
    /** The payout that paid this settled amount out; null until the payout run takes it. */
    payoutId: text().references(() => payouts.id),
  },
  (t) => [
    index().on(t.userId),
    unique('ledger_entries_transaction_kind').on(t.transactionId, t.kind),
    // Only settled entries waiting for a payout: settlement inserts (pending) never touch it.
    index('ledger_entries_awaiting_payout').on(t.userId).where(sql`${t.status} = 'settled' and ${t.payoutId} is null`),
  ],
);
