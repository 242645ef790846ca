import type {
  AccountChange,
  AccountView,
  SavedAddressView,
  StoreRequestView,
  StoreView,
} from '../../../server/src/domains/accounts/views.ts';
import type { ShowProductView, ShowStatus, ShowView } from '../../../server/src/domains/shows/views.ts';
import { api, type Product } from './api.ts';
import type { ShippingAddress } from './orders-api.ts';
import type { Page } from './paged-list.ts';

/** The account page, store approval and "My shows" parts of the API (docs/api-additions.md). */

export type { AccountChange, AccountView, SavedAddressView, ShowProductView, ShowStatus, ShowView, StoreRequestView, StoreView };

/** The roles a person picks at sign-up (admin is never self-assigned). */
export type SignUpRole = 'viewer' | 'kol' | 'merchant';

export const getAccount = (token: string) => api<AccountView>('GET', '/api/me/account', { token });

export const updateProfile = (token: string, displayName: string) =>
  api<AccountView>('PATCH', '/api/me/account', { token, body: { displayName } });

/** A token with the roles held now (after an admin approved the store). */
export const refreshToken = (token: string) => api<AccountChange>('POST', '/api/me/account/token', { token });

export const becomeCreator = (token: string, bio: string) => api<AccountChange>('POST', '/api/me/creator', { token, body: { bio } });

export const openStore = (token: string, store: { name: string; logoUrl: string | null; returnAddress: ShippingAddress }) =>
  api<AccountChange>('PUT', '/api/me/store', { token, body: store });

export const listAddresses = async (token: string) =>
  (await api<{ items: SavedAddressView[] }>('GET', '/api/me/addresses', { token })).items;

export const addAddress = (token: string, address: ShippingAddress & { isDefault?: boolean }) =>
  api<SavedAddressView>('POST', '/api/me/addresses', { token, body: address });

export const updateAddress = (token: string, id: string, patch: Partial<ShippingAddress> & { isDefault?: boolean }) =>
  api<SavedAddressView>('PATCH', `/api/me/addresses/${encodeURIComponent(id)}`, { token, body: patch });

export const deleteAddress = (token: string, id: string) => api<void>('DELETE', `/api/me/addresses/${encodeURIComponent(id)}`, { token });

export const listStoreRequests = (token: string, status: 'pending' | 'approved' | 'declined', cursor?: string) =>
  api<Page<StoreRequestView>>('GET', `/api/admin/store-requests?status=${status}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
    token,
  });

export const approveStore = (token: string, userId: string) =>
  api<StoreView>('POST', `/api/admin/store-requests/${encodeURIComponent(userId)}/approve`, { token });

export const declineStore = (token: string, userId: string, reason: string) =>
  api<StoreView>('POST', `/api/admin/store-requests/${encodeURIComponent(userId)}/decline`, { token, body: { reason } });

export interface ShowDraft {
  title: string;
  scheduledAt: string | null;
  coverUrl: string | null;
  productIds: string[];
}

export const listMyShows = async (token: string) => (await api<{ items: ShowView[] }>('GET', '/api/me/shows', { token })).items;

export const createShow = (token: string, draft: ShowDraft) => api<ShowView>('POST', '/api/me/shows', { token, body: draft });

export const updateShow = (token: string, id: string, draft: Partial<ShowDraft>) =>
  api<ShowView>('PATCH', `/api/streams/${encodeURIComponent(id)}`, { token, body: draft });

export const cancelShow = (token: string, id: string) => api<ShowView>('POST', `/api/streams/${encodeURIComponent(id)}/cancel`, { token });

/** The marketplace's products on sale, newest first, by title search (for a KOL picking what to feature). */
export const listMarketProducts = (q: string, cursor?: string) =>
  api<Page<Product>>(
    'GET',
    `/api/products?limit=12${q ? `&q=${encodeURIComponent(q)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
