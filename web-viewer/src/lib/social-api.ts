import { api } from './api.ts';

/** The social parts of the HTTP API: share links, follows, fan groups, earnings, the feed, notifications. */
export interface KolProfile {
  id: string;
  displayName: string;
  followerCount: number;
  isFollowing: boolean;
}

export interface FanMembership {
  userId: string;
  displayName: string;
  points: number;
  level: number;
}

export interface Earnings {
  pendingCents: number;
  settledCents: number;
  entries: { orderId: string; kind: string; amountCents: number; status: string; at: string }[];
}

export interface ShareLinkStats {
  code: string;
  url: string;
  streamId: string | null;
  productId: string | null;
  clicks: number;
  orders: number;
  earnedCents: number;
}

export type FeedItem =
  | {
      type: 'stream';
      id: string;
      title: string;
      kolId: string;
      kolName: string;
      status: 'live' | 'scheduled';
      viewerCount: number;
      scheduledAt: string | null;
      reason: string;
    }
  | {
      type: 'product';
      id: string;
      title: string;
      category: string | null;
      priceCents: number;
      currency: string;
      imageUrl: string | null;
      unitsSoldThisWeek: number;
      reason: string;
    };

export interface AppNotification {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

const kolUrl = (kolId: string) => `/api/kols/${encodeURIComponent(kolId)}`;

export const createShareLink = (token: string, target: { streamId: string } | { productId: string }) =>
  api<{ code: string; url: string }>('POST', '/api/share-links', { token, body: target });

export const listMyShareLinks = (token: string) => api<{ items: ShareLinkStats[] }>('GET', '/api/me/share-links', { token });

export const getKol = (kolId: string, token?: string) => api<KolProfile>('GET', kolUrl(kolId), { token });

export const followKol = (token: string, kolId: string) => api<KolProfile>('POST', `${kolUrl(kolId)}/follow`, { token });

export const unfollowKol = (token: string, kolId: string) => api<KolProfile>('DELETE', `${kolUrl(kolId)}/follow`, { token });

export const joinFanGroup = (token: string, kolId: string) => api<FanMembership>('POST', `${kolUrl(kolId)}/fan-group`, { token });

export const getEarnings = (token: string) => api<Earnings>('GET', '/api/me/earnings', { token });

export const getFeed = (token?: string, limit = 24) => api<{ items: FeedItem[] }>('GET', `/api/feed/for-you?limit=${limit}`, { token });

export const listNotifications = (token: string, limit = 20) =>
  api<{ items: AppNotification[]; unreadCount: number; nextCursor?: string }>('GET', `/api/me/notifications?limit=${limit}`, { token });

/** Marks the given notifications read, or all of them without `ids`. */
export const markNotificationsRead = (token: string, ids?: string[]) =>
  api<{ marked: number }>('POST', '/api/me/notifications/read', { token, body: ids ? { ids } : {} });
