import type { FlashSaleView, Reservation } from '../../../server/src/realtime/contract.ts';
import { ApiError, api } from './api.ts';

/** A flash sale as GET /api/flash-sales/:id answers it (the server's own type). */
export type FlashSale = FlashSaleView;
export type { Reservation };

export interface SaleTerms {
  productId: string;
  streamId?: string | undefined;
  priceCents: number;
  quantity: number;
  perUserLimit: number;
  startsAt: string;
  endsAt: string;
}

const saleUrl = (saleId: string) => `/api/flash-sales/${encodeURIComponent(saleId)}`;

export const getFlashSale = (saleId: string) => api<FlashSale>('GET', saleUrl(saleId));

/** One press of Buy: the same `idempotencyKey` on a retry returns the same hold. */
export async function reserveUnits(token: string, saleId: string, quantity: number, idempotencyKey: string): Promise<Reservation> {
  const response = await fetch(`${saleUrl(saleId)}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ quantity }),
  });
  if (response.ok) return (await response.json()) as Reservation;
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  throw new ApiError(response.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `reserve failed (${response.status})`);
}

export const giveBackHold = (token: string, saleId: string, reservationId: string) =>
  api<{ status: 'released' }>('DELETE', `${saleUrl(saleId)}/reservations/${encodeURIComponent(reservationId)}`, { token });

export const scheduleSale = (token: string, terms: SaleTerms) => api<FlashSale>('POST', '/api/flash-sales', { token, body: terms });

export const updateSale = (
  token: string,
  saleId: string,
  terms: Partial<Omit<SaleTerms, 'productId' | 'streamId'>> & { streamId?: string | null },
) => api<FlashSale>('PATCH', saleUrl(saleId), { token, body: terms });

export const cancelSale = (token: string, saleId: string) => api<FlashSale>('POST', `${saleUrl(saleId)}/cancel`, { token });

export const listMySales = (token: string) => api<{ items: FlashSale[] }>('GET', '/api/merchants/me/flash-sales', { token });
