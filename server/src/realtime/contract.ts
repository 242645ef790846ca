/**
 * The Socket.IO contract of namespace /live (see API.md), shared by the server, the tests and
 * the browser pages. Imports zod only (and, erased at run time, mediasoup-client's types).
 */
import type { DtlsParameters, IceCandidate, IceParameters, MediaKind, RtpCapabilities, RtpParameters } from 'mediasoup-client/types';
import { z } from 'zod';
import { text } from '../safe-text.ts';

export const StreamJoinPayload = z.object({
  streamId: text().min(1).max(100),
  /** Receive new comments as `comment:batch` a few times a second instead of one `comment:new` each. */
  commentBatching: z.boolean().optional(),
});
export const LikeSendPayload = z.object({
  streamId: text().min(1).max(100),
  count: z.number().int().min(1).max(50).default(1),
});
export const CommentSendPayload = z.object({
  streamId: text().min(1).max(100),
  text: text().min(1).max(500),
  /** The id of a recent comment of the stream this one answers; the reply quotes it. */
  replyTo: text().min(1).max(100).optional(),
});
/** `{streamId, commentId}` pins a recent comment above the chat; `commentId: null` unpins (the stream's KOL or an admin). */
export const CommentPinPayload = z.object({
  streamId: text().min(1).max(100),
  commentId: text().min(1).max(100).nullable(),
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
  /** The author's level in the KOL's fan group, or null for a non-member. */
  fanLevel: number | null;
  /** Written by the stream's own KOL (pages show a "Host" badge). */
  isHost?: boolean;
  /** The comment this one answers, quoted as it was. */
  replyTo?: CommentQuote;
}

/** A quoted comment: enough to show "↪ Mei: is it silk?" above a reply. */
export interface CommentQuote {
  id: string;
  displayName: string;
  text: string;
}

/** The comment the KOL pinned above the chat, or null when none is (also in the join snapshot). */
export interface CommentPinnedPayload {
  streamId: string;
  comment: CommentPayload | null;
}

/** The stream's comments this socket has not had yet (none older than COMMENT_BATCH_MS), oldest first. */
export interface CommentBatchPayload {
  streamId: string;
  comments: CommentPayload[];
}

export interface PinnedProductPayload {
  id: string;
  title: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  stock: number;
}

/** A product's stock moved (an order of the stream was paid); throttled per product. */
export interface ProductStockPayload {
  streamId: string;
  productId: string;
  stock: number;
}

/** "Mei L. just bought the Longjing tea": first name and initial only; `others` bought meanwhile (batched). */
export interface PurchaseNewPayload {
  streamId: string;
  displayName: string;
  productTitle: string;
  others: number;
}

export interface FlashSaleUpdatePayload {
  id: string;
  status: string;
  remaining: number;
}

/** A group buy's progress ("2 of 3 joined, 5:42 left"); counts exclude cancelled and refunded orders. */
export interface GroupUpdatePayload {
  id: string;
  offerId: string;
  streamId: string | null;
  status: 'open' | 'succeeded' | 'failed';
  size: number;
  joined: number;
  paid: number;
  deadline: string;
}

/** A flash sale as `GET /api/flash-sales/:id` answers it (also read by the browser pages). */
export interface FlashSaleView {
  id: string;
  productId: string;
  merchantId: string;
  streamId: string | null;
  /** The stream KOL's consent (null without a stream): only an accepted sale shows in the stream. */
  streamApproval: 'accepted' | 'proposed' | 'declined' | 'removed' | null;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  quantity: number;
  /** Units anyone may still reserve. */
  remaining: number;
  /** Units reserved or ordered and not yet paid for. */
  held: number;
  sold: number;
  /** Unsold units given back to the product's stock so far (once the sale ended or was cancelled). */
  returnedToStock: number;
  perUserLimit: number;
  priceCents: number;
  currency: string;
  startsAt: string;
  endsAt: string;
}

/** A buyer's hold, as `POST /api/flash-sales/:id/reservations` answers it. */
export interface Reservation {
  reservationId: string;
  saleId: string;
  quantity: number;
  expiresAt: string;
  remaining: number;
}

/** Who ended a show: its KOL, or Streamcart's moderation (an admin stopped it for breaking the rules). */
export type StreamEndedBy = 'kol' | 'moderation';

export interface StreamStatusPayload {
  streamId: string;
  status: string;
  /** Set when `status` is `ended`. */
  endedBy?: StreamEndedBy;
  /** Set while `live`: whether media reaches the SFU (false until the KOL's first track, ADR 0014). */
  hasMedia?: boolean;
}

export interface StreamSnapshot {
  stream: { id: string; kolId: string; title: string; status: string; pinnedProductId: string | null };
  pinnedProduct: PinnedProductPayload | null;
  flashSale: (FlashSaleUpdatePayload & { priceCents: number; startsAt: string; endsAt: string }) | null;
  recentComments: CommentPayload[];
  viewerCount: number;
  likeCount: number;
  /** The joining user's fan level with this KOL (null: not a member or anonymous). */
  fanLevel: number | null;
  /** The comment pinned above the chat, or null. */
  pinnedComment?: CommentPayload | null;
  /** Live with media reaching the SFU: a page says LIVE only then (ADR 0014). */
  hasMedia?: boolean;
}

/** What a client needs to build its side of a WebRTC transport (`device.create{Send,Recv}Transport`). */
export interface MediaTransportParams {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

/** One consumer, created paused; the client resumes it with `media:resume` once its track is attached. */
export interface MediaConsumerParams {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  /** `simulcast` when `media:set-layers` can pick a quality. */
  type: 'simple' | 'simulcast' | 'svc' | 'pipe';
}

export interface MediaProducerPayload {
  streamId: string;
  producerId: string;
  kind: MediaKind;
}

export interface ServerToClientEvents {
  /** To the stream's sockets that joined without `commentBatching`. */
  'comment:new': (payload: CommentPayload) => void;
  /** To the stream's sockets that joined with `commentBatching: true`, instead of `comment:new`. */
  'comment:batch': (payload: CommentBatchPayload) => void;
  'comment:deleted': (payload: { id: string }) => void;
  /** The KOL pinned a comment above the chat, or unpinned it (`comment: null`). */
  'comment:pinned': (payload: CommentPinnedPayload) => void;
  'pin:changed': (payload: { streamId: string; product: PinnedProductPayload | null }) => void;
  /** The KOL added, removed or reordered the stream's shopping bag (its product ids, in order). */
  'showcase:changed': (payload: { streamId: string; productIds: string[] }) => void;
  'flashsale:update': (payload: FlashSaleUpdatePayload) => void;
  /** To the stream's room when an order of the stream was paid, at most twice a second per product. */
  'product:stock': (payload: ProductStockPayload) => void;
  /** To the stream's room when an order of the stream was paid: the first at once, then at most one every 3 s. */
  'purchase:new': (payload: PurchaseNewPayload) => void;
  'viewers:count': (payload: { streamId: string; count: number }) => void;
  'likes:count': (payload: { streamId: string; total: number }) => void;
  'stream:status': (payload: StreamStatusPayload) => void;
  'order:update': (payload: { orderId: string; status: string }) => void;
  /** To the group's room, its stream's room and its members, whenever someone joins or pays and when it closes. */
  'group:update': (payload: GroupUpdatePayload) => void;
  /** To that user only, e.g. "now live" from a followed KOL. */
  'notification:new': (payload: { id: string; kind: string; payload: Record<string, unknown>; createdAt: string }) => void;
  'media:producer-added': (payload: MediaProducerPayload) => void;
  'media:producer-closed': (payload: MediaProducerPayload) => void;
  /** The stream's media server restarted: publishers republish, viewers consume again. */
  'media:restart': (payload: { streamId: string }) => void;
}

export interface ClientToServerEvents {
  /** `{streamId, commentBatching?}`. */
  'stream:join': (payload: unknown, ack: (response: Ack<{ snapshot: StreamSnapshot }>) => void) => void;
  'stream:leave': (payload: unknown) => void;
  'comment:send': (payload: unknown, ack: (response: Ack<{ comment: CommentPayload }>) => void) => void;
  /** `{streamId, commentId | null}`: the stream's KOL or an admin pins a recent comment above the chat (null unpins). */
  'comment:pin': (payload: unknown, ack: (response: Ack<{ comment: CommentPayload | null }>) => void) => void;
  /** The stream's KOL or an admin removes a comment. */
  'comment:delete': (payload: unknown, ack: (response: Ack<object>) => void) => void;
  /** Any number of likes from a signed-in viewer; the room gets the total at most once a second. */
  'like:send': (payload: unknown, ack: (response: Ack<{ total: number }>) => void) => void;
  /** Follow one group buy's progress (`group:update`), e.g. from its share link. */
  'group:watch': (payload: unknown, ack: (response: Ack<{ group: GroupUpdatePayload }>) => void) => void;
  /** `{streamId}`, for the stream's KOL or a socket that joined it. */
  'media:capabilities': (payload: unknown, ack: (response: Ack<{ rtpCapabilities: RtpCapabilities }>) => void) => void;
  /** `{streamId, direction: 'send' | 'recv'}`: send for the stream's KOL, recv for sockets that joined; one per direction. */
  'media:transport': (payload: unknown, ack: (response: Ack<MediaTransportParams>) => void) => void;
  /** `{transportId, dtlsParameters}`. */
  'media:connect': (payload: unknown, ack: (response: Ack<object>) => void) => void;
  /** `{transportId, kind, rtpParameters}`, the stream's KOL while it is live. */
  'media:produce': (payload: unknown, ack: (response: Ack<{ producerId: string }>) => void) => void;
  /** `{transportId, rtpCapabilities}`: consumers for the producers this transport does not consume yet. */
  'media:consume': (payload: unknown, ack: (response: Ack<{ consumers: MediaConsumerParams[] }>) => void) => void;
  /** `{consumerId}`. */
  'media:resume': (payload: unknown, ack: (response: Ack<object>) => void) => void;
  /** `{consumerId, spatialLayer, temporalLayer?}`: caps a simulcast consumer at layer 0 (lowest) to 2; mediasoup still drops lower on a poor link. */
  'media:set-layers': (payload: unknown, ack: (response: Ack<object>) => void) => void;
}

export interface SocketData {
  userId: string | undefined;
  roles: string[];
  joinedStreams: Set<string>;
}

/**
 * Room names: one per stream (its viewers), one per user (its private updates) and one per group buy.
 * Each socket of a stream is also in exactly one room for its comments: `streamCommentNew`, or one
 * slice of `streamCommentBatch` when it joined with `commentBatching`.
 */
export const rooms = {
  stream: (streamId: string) => `stream:${streamId}`,
  streamCommentNew: (streamId: string) => `stream:${streamId}:comment-new`,
  streamCommentBatch: (streamId: string, slice: number) => `stream:${streamId}:comment-batch:${slice}`,
  user: (userId: string) => `user:${userId}`,
  group: (groupId: string) => `group:${groupId}`,
};
