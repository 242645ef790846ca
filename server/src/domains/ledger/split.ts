import type { LedgerAccount, LedgerEntryKind } from '../../../../db/schema/index.ts';

export interface SplitInput {
  totalCents: number;
  items: { quantity: number; unitPriceCents: number; kolCommissionBps: number }[];
  kolId: string | null;
  sharerId: string | null;
  merchantId: string;
  platformFeeBps: number;
  referralShareBps: number;
}

export interface LedgerLine {
  account: LedgerAccount;
  kind: LedgerEntryKind;
  userId: string | null;
  amountCents: number;
}

const share = (cents: number, bps: number) => Math.floor((cents * bps) / 10_000);

/**
 * How one paid order's money moves: out of payment clearing, into the platform fee (less the
 * sharer's part of it), the KOL commission (each item at its own rate), the referral
 * commission and the merchant's net. The lines sum to zero; rounding favours the merchant.
 */
export function splitOrder(input: SplitInput): LedgerLine[] {
  const feeCents = share(input.totalCents, input.platformFeeBps);
  const kolCents = input.kolId ? input.items.reduce((sum, i) => sum + share(i.unitPriceCents * i.quantity, i.kolCommissionBps), 0) : 0;
  const referralCents = input.sharerId ? share(feeCents, input.referralShareBps) : 0;
  const merchantCents = input.totalCents - feeCents - kolCents;
  if (merchantCents < 0) throw new Error('fee and commission exceed the order total');
  const lines: LedgerLine[] = [
    { account: 'payment_clearing', kind: 'buyer_payment', userId: null, amountCents: -input.totalCents },
    { account: 'platform_revenue', kind: 'platform_fee', userId: null, amountCents: feeCents - referralCents },
    { account: 'merchant_payable', kind: 'merchant_net', userId: input.merchantId, amountCents: merchantCents },
  ];
  if (input.kolId && kolCents > 0)
    lines.push({ account: 'user_earnings', kind: 'kol_commission', userId: input.kolId, amountCents: kolCents });
  if (input.sharerId && referralCents > 0) {
    lines.push({ account: 'user_earnings', kind: 'referral_commission', userId: input.sharerId, amountCents: referralCents });
  }
  const sum = lines.reduce((s, l) => s + l.amountCents, 0);
  if (sum !== 0) throw new Error(`ledger lines do not balance: ${sum}`);
  return lines;
}
