/** What GET /api/me/payouts answers, as types only: shared by the server and the pages. */
import type { PayableAccount, PayoutStatus } from '../../../../db/schema/ledger.ts';

export type { PayoutStatus };

/** One payout in GET /api/me/payouts: a settled balance grouped by the daily payout run. */
export interface PayoutView {
  id: string;
  /** merchant_payable: net of sales; user_earnings: KOL and referral commissions. */
  account: PayableAccount;
  currency: string;
  amountCents: number;
  /** The UTC day (YYYY-MM-DD) of the run that grouped it. */
  periodDate: string;
  status: PayoutStatus;
  createdAt: string;
  paidAt: string | null;
  providerReference: string | null;
  failedAt: string | null;
  failureReason: string | null;
}
