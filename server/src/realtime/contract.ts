/**
 * The Socket.IO contract of namespace /live (see API.md), shared by the server, the tests and
 * the browser pages. Imports zod only.
 */
import { z } from 'zod';

export const StreamJoinPayload = z.object({ streamId: z.string().min(1).max(100) });
export const CommentSendPayload = z.object({
  streamId: z.string().min(1).max(100),
  text: z.string().min(1).max(500),
});

export interface ErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorPayload };

export interface CommentPayload {
  id: string;
  streamId: string;
  userId: string;
  displayName: string;
  text: string;
  at: string;
}

export interface PinnedProductPayload {
  id: string;
  title: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  stock: number;
}

export interface FlashSaleUpdatePayload {
  id: string;
  status: string;
  remaining: number;
}

export interface StreamSnapshot {
  stream: { id: string; kolId: string; title: string; status: string; pinnedProductId: string | null };
  pinnedProduct: PinnedProductPayload | null;
  flashSale: (FlashSaleUpdatePayload & { priceCents: number; startsAt: string; endsAt: string }) | null;
  recentComments: CommentPayload[];
  viewerCount: number;
}

export interface ServerToClientEvents {
  'comment:new': (payload: CommentPayload) => void;
  'comment:deleted': (payload: { id: string }) => void;
  'pin:changed': (payload: { streamId: string; product: PinnedProductPayload | null }) => void;
  'flashsale:update': (payload: FlashSaleUpdatePayload) => void;
  'viewers:count': (payload: { streamId: string; count: number }) => void;
  'stream:status': (payload: { streamId: string; status: string }) => void;
  'order:update': (payload: { orderId: string; status: string }) => void;
}

export interface ClientToServerEvents {
  'stream:join': (payload: unknown, ack: (response: Ack<{ snapshot: StreamSnapshot }>) => void) => void;
  'stream:leave': (payload: unknown) => void;
  'comment:send': (payload: unknown, ack: (response: Ack<{ comment: CommentPayload }>) => void) => void;
}

export interface SocketData {
  userId: string | undefined;
  roles: string[];
  joinedStreams: Set<string>;
}

/** Room names: one per stream (its viewers) and one per user (its private updates). */
export const rooms = {
  stream: (streamId: string) => `stream:${streamId}`,
  user: (userId: string) => `user:${userId}`,
};
