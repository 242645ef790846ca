import { ApiError, api } from './api.ts';

export type PayoutStatus = 'scheduled' | 'sending' | 'paid' | 'failed';

/** One payout in GET /api/me/payouts: a settled balance grouped by the daily payout run. */
export interface Payout {
  id: string;
  /** merchant_payable: net of sales; user_earnings: KOL and referral commissions. */
  account: 'merchant_payable' | 'user_earnings';
  currency: string;
  amountCents: number;
  /** The UTC day (YYYY-MM-DD) of the run that grouped it. */
  periodDate: string;
  status: PayoutStatus;
  createdAt: string;
  paidAt: string | null;
  failedAt: string | null;
  failureReason: string | null;
}

export const listPayouts = (token: string) => api<{ items: Payout[] }>('GET', '/api/me/payouts', { token });

/** The merchant's settlement statement as a CSV file (it needs the bearer token, so it is fetched, not linked). */
export async function fetchSettlementCsv(token: string): Promise<Blob> {
  const response = await fetch('/api/merchants/me/settlement?format=csv', { headers: { authorization: `Bearer ${token}` } });
  if (response.ok) return response.blob();
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  throw new ApiError(
    response.status,
    body?.error?.code ?? 'HTTP_ERROR',
    body?.error?.message ?? `The statement did not download (${response.status})`,
  );
}
