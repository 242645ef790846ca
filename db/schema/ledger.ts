import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import { orders } from './orders.ts';
import { users } from './users.ts';

export const LEDGER_ENTRY_KINDS = [
  'buyer_payment',
  'platform_fee',
  'kol_commission',
  'referral_commission',
  'merchant_net',
  // A payout: the balance leaves the user's payable account (`payout`, negative) for the provider (`payout_transfer`).
  'payout',
  'payout_transfer',
] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export const LEDGER_ACCOUNTS = ['payment_clearing', 'platform_revenue', 'user_earnings', 'merchant_payable', 'payout_clearing'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export type LedgerTransactionKind = 'order_settlement' | 'order_refund' | 'payout';

export type LedgerEntryStatus = 'pending' | 'settled';

/** The accounts whose settled balances are paid out to their user. */
export type PayableAccount = Extract<LedgerAccount, 'user_earnings' | 'merchant_payable'>;

/**
 * scheduled (the day's run may still add to it) → sending (amount frozen, transfer under way, retried
 * as is) → paid, or failed (its entries wait for the next run again). See PayoutService.
 */
export const PAYOUT_STATUSES = ['scheduled', 'sending', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** One user's settled balance on one account, grouped by the daily payout run and paid by a payout-transfer job. */
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
    /** The UTC day (YYYY-MM-DD) of the run that grouped it; a second run that day adds to it while it is scheduled. */
    periodDate: text().notNull(),
    status: text().$type<PayoutStatus>().notNull().default('scheduled'),
    createdAt: createdAt(),
    paidAt: at(),
    /** The payout provider's id of the transfer, once paid. */
    providerReference: text(),
    failedAt: at(),
    failureReason: text(),
  },
  (t) => [
    // Only a scheduled payout grows; once its transfer started, that day's later balances get a new row.
    uniqueIndex('payouts_scheduled_user_account_currency_period')
      .on(t.userId, t.account, t.currency, t.periodDate)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

/**
 * One balanced movement of money, for one order or one payout; (orderId, kind) and (payoutId, kind)
 * are unique so a retried job writes nothing twice.
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: id(),
    orderId: text().references(() => orders.id),
    kind: text().$type<LedgerTransactionKind>().notNull(),
    currency: text().notNull(),
    createdAt: createdAt(),
    payoutId: text().references(() => payouts.id),
  },
  (t) => [
    unique('ledger_transactions_order_kind').on(t.orderId, t.kind),
    unique('ledger_transactions_payout_kind').on(t.payoutId, t.kind),
    check('ledger_transactions_order_or_payout', sql`(${t.orderId} is null) <> (${t.payoutId} is null)`),
  ],
);

/** Signed amounts in minor units; the entries of one transaction sum to zero. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: id(),
    transactionId: text()
      .notNull()
      .references(() => ledgerTransactions.id),
    /** The order the amount comes from; null in a payout's transaction. */
    orderId: text().references(() => orders.id),
    account: text().$type<LedgerAccount>().notNull(),
    /** The user the amount belongs to (KOL, sharer, merchant); null for platform accounts. */
    userId: text().references(() => users.id),
    kind: text().$type<LedgerEntryKind>().notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    status: text().$type<LedgerEntryStatus>().notNull().default('pending'),
    createdAt: createdAt(),
    /**
     * The payout that pays this settled amount out (null until the payout run takes it, and again
     * if that payout fails), or, in a payout's own transaction, that payout.
     */
    payoutId: text().references(() => payouts.id),
  },
  (t) => [
    index().on(t.userId),
    unique('ledger_entries_transaction_kind').on(t.transactionId, t.kind),
    // Only settled entries waiting for a payout: settlement inserts (pending) never touch it.
    index('ledger_entries_awaiting_payout').on(t.userId).where(sql`${t.status} = 'settled' and ${t.payoutId} is null`),
  ],
);
