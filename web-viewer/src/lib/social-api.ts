import type { FanView } from '../../../server/src/domains/fans/views.ts';
import type { FeedItem as RankedFeedItem } from '../../../server/src/domains/feed/ranking.ts';
import type { KolProfile as KolProfileView } from '../../../server/src/domains/follows/views.ts';
import type { Earnings } from '../../../server/src/domains/ledger/earnings-view.ts';
import type { NotificationView } from '../../../server/src/domains/notifications/views.ts';
import type { ShareLinkStats } from '../../../server/src/domains/social/views.ts';
import { api } from './api.ts';

/** The social parts of the HTTP API: share links, follows, fan groups, earnings, the feed, notifications. */

/** The response shapes come from the server's own view types, so the pages and the API cannot drift apart. */
export type KolProfile = KolProfileView;
export type FanMembership = FanView;
export type { Earnings, ShareLinkStats };
/** A feed item as the page reads it (the server's ranking score stays on the server's side of the type). */
export type FeedItem = DistributiveOmit<RankedFeedItem, 'score'>;
export type AppNotification = NotificationView;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const kolUrl = (kolId: string) => `/api/kols/${encodeURIComponent(kolId)}`;

export const createShareLink = (token: string, target: { streamId: string } | { productId: string }) =>
  api<{ code: string; url: string }>('POST', '/api/share-links', { token, body: target });

export const listMyShareLinks = (token: string) => api<{ items: ShareLinkStats[] }>('GET', '/api/me/share-links', { token });

export const getKol = (kolId: string, token?: string) => api<KolProfile>('GET', kolUrl(kolId), { token });

export const followKol = (token: string, kolId: string) => api<KolProfile>('POST', `${kolUrl(kolId)}/follow`, { token });

export const unfollowKol = (token: string, kolId: string) => api<KolProfile>('DELETE', `${kolUrl(kolId)}/follow`, { token });

export const joinFanGroup = (token: string, kolId: string) => api<FanMembership>('POST', `${kolUrl(kolId)}/fan-group`, { token });

export const getEarnings = (token: string) => api<Earnings>('GET', '/api/me/earnings', { token });

/** The "for you" feed, narrowed by a search (`q`, every word must match) and a product category. */
export function getFeed(token?: string, search: { q?: string; category?: string } = {}, limit = 24) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (search.q) query.set('q', search.q);
  if (search.category) query.set('category', search.category);
  return api<{ items: FeedItem[] }>('GET', `/api/feed/for-you?${query}`, { token });
}

export const getFeedCategories = () => api<{ items: string[] }>('GET', '/api/feed/categories');

export const listNotifications = (token: string, limit = 20) =>
  api<{ items: AppNotification[]; unreadCount: number; nextCursor?: string }>('GET', `/api/me/notifications?limit=${limit}`, { token });

/** Marks the given notifications read, or all of them without `ids`. */
export const markNotificationsRead = (token: string, ids?: string[]) =>
  api<{ marked: number }>('POST', '/api/me/notifications/read', { token, body: ids ? { ids } : {} });
