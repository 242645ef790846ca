import type { PayoutStatus, PayoutView } from '../../../server/src/domains/ledger/payout-view.ts';
import { ApiError, api } from './api.ts';

/** One payout in GET /api/me/payouts: a settled balance grouped by the daily payout run. */
export type Payout = PayoutView;
export type { PayoutStatus };

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
