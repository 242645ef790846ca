import type {
  ChatBanView,
  EndedStreamView,
  LogEntryView,
  MerchantItemView,
  RemovedCommentView,
  RemovedReviewView,
  ReportCaseView,
  ReportTargetView,
} from '../../../server/src/domains/moderation/schema.ts';
import { api } from './api.ts';
import type { ModeratedProduct, ReportTargetType } from './moderation-api.ts';
import type { Page } from './paged-list.ts';

/** The admin side of moderation (docs/api-additions.md, "Moderation"); every call needs the `admin` role. */

/** The response shapes come from the server's route schemas, so the page and the API cannot drift apart. */
export type CaseStatus = ReportCaseView['status'];
export type ReportTarget = ReportTargetView;
/** The reports on one target, grouped. */
export type ReportCase = ReportCaseView;
export type MerchantAccount = MerchantItemView;
export type LogEntry = LogEntryView;
export type ModerationAction = LogEntry['action'];
export type EndedStream = EndedStreamView;
export type ChatBan = ChatBanView;
export type RemovedComment = RemovedCommentView;
export type RemovedReview = RemovedReviewView;

export const PAGE_SIZE = 20;

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  return search.size ? `?${search}` : '';
}

/** Report cases, one per target: open ones most reported first, resolved ones newest first. */
export const listReportCases = (token: string, status: CaseStatus, cursor?: string) =>
  api<Page<ReportCase>>('GET', `/api/admin/reports${query({ status, cursor, limit: String(PAGE_SIZE) })}`, { token });

/** Marks every open report on the target dismissed. */
export const dismissReports = (token: string, target: { targetType: ReportTargetType; targetId: string }, note?: string) =>
  api<{ dismissed: number }>('POST', '/api/admin/reports/dismiss', { token, body: { ...target, ...(note ? { note } : {}) } });

const productUrl = (id: string) => `/api/admin/products/${encodeURIComponent(id)}`;
const merchantUrl = (id: string) => `/api/admin/merchants/${encodeURIComponent(id)}`;
const streamUrl = (id: string) => `/api/admin/streams/${encodeURIComponent(id)}`;
const chatBanUrl = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}/chat-ban`;

/** Hides the product from everyone but its merchant. Throws ApiError (ALREADY_TAKEN_DOWN, NOT_FOUND …). */
export const takeDownProduct = (token: string, productId: string, reason: string) =>
  api<ModeratedProduct>('POST', `${productUrl(productId)}/take-down`, { token, body: { reason } });

/** Lists a taken-down product again. Throws ApiError (NOT_TAKEN_DOWN …). */
export const restoreProduct = (token: string, productId: string) =>
  api<ModeratedProduct>('POST', `${productUrl(productId)}/restore`, { token, body: {} });

/** Stops a live show as its host's end would, marked as Streamcart's. Throws ApiError (STREAM_NOT_LIVE, NOT_FOUND …). */
export const endLiveStream = (token: string, streamId: string, reason: string) =>
  api<EndedStream>('POST', `${streamUrl(streamId)}/end`, { token, body: { reason } });

/** Removes a chat comment for everyone. Throws ApiError (COMMENT_ALREADY_REMOVED, NOT_FOUND …). */
export const removeComment = (token: string, commentId: string, reason: string) =>
  api<RemovedComment>('POST', `/api/admin/comments/${encodeURIComponent(commentId)}/remove`, { token, body: { reason } });

/** Hides a product review from its page and rating. Throws ApiError (REVIEW_ALREADY_REMOVED, NOT_FOUND …). */
export const removeReview = (token: string, reviewId: string, reason: string) =>
  api<RemovedReview>('POST', `/api/admin/reviews/${encodeURIComponent(reviewId)}/remove`, { token, body: { reason } });

/** Restricts a user from chat in every stream, for `days` or (without) until lifted. Throws ApiError (NOT_FOUND …). */
export const banFromChat = (token: string, userId: string, ban: { reason: string; days?: number }) =>
  api<ChatBan>('POST', chatBanUrl(userId), { token, body: ban });

/** Lets a restricted user chat again. Throws ApiError (NOT_CHAT_BANNED …). */
export const liftChatBan = (token: string, userId: string) => api<undefined>('DELETE', chatBanUrl(userId), { token });

/** Users restricted from chat now, newest ban first. */
export const listChatBans = (token: string, cursor?: string) =>
  api<Page<ChatBan>>('GET', `/api/admin/chat-bans${query({ cursor, limit: String(PAGE_SIZE) })}`, { token });

/** Merchant accounts matching `q` (name or email), newest first. */
export const listMerchants = (token: string, filter: { q?: string; status?: 'active' | 'suspended' }, cursor?: string) =>
  api<Page<MerchantAccount>>(
    'GET',
    `/api/admin/merchants${query({ q: filter.q, status: filter.status, cursor, limit: String(PAGE_SIZE) })}`,
    { token },
  );

/** Suspends the merchant's shop. Throws ApiError (ALREADY_SUSPENDED, NOT_FOUND …). */
export const suspendMerchant = (token: string, merchantId: string, reason: string) =>
  api<MerchantAccount>('POST', `${merchantUrl(merchantId)}/suspend`, { token, body: { reason } });

/** Lifts a suspension. Throws ApiError (NOT_SUSPENDED …). */
export const reinstateMerchant = (token: string, merchantId: string) =>
  api<MerchantAccount>('POST', `${merchantUrl(merchantId)}/reinstate`, { token, body: {} });

/** Every admin action, newest first. */
export const listModerationLog = (token: string, cursor?: string) =>
  api<Page<LogEntry>>('GET', `/api/admin/moderation-log${query({ cursor, limit: String(PAGE_SIZE) })}`, { token });
