import { z } from 'zod';
import { text } from '../../schemas.ts';
import {
  MODERATION_ACTIONS,
  MODERATION_TARGET_TYPES,
  REPORT_REASONS,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
} from '../../../../db/schema/index.ts';

const id = text().min(1).max(100);
const cursor = text().max(300).optional();
const limit = z.coerce.number().int().min(1).max(100).default(20);
/** Optional free text: trimmed, and left out when nothing remains. */
const note = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((text) => text || undefined);

export const ReportTargetType = z.enum(REPORT_TARGET_TYPES);

export const ReportBody = z.object({
  targetType: ReportTargetType,
  targetId: id,
  reason: z.enum(REPORT_REASONS),
  details: note,
});
export type ReportInput = z.infer<typeof ReportBody>;

export const ReportResponse = z.object({
  id: z.string(),
  targetType: ReportTargetType,
  targetId: z.string(),
  reason: z.enum(REPORT_REASONS),
  details: z.string().nullable(),
  status: z.enum(REPORT_STATUSES),
  createdAt: z.string(),
});
export type ReportView = z.infer<typeof ReportResponse>;

export const ReportQueueQuery = z.object({ status: z.enum(REPORT_STATUSES).default('open'), cursor, limit });

const ReportCase = z.object({
  targetType: ReportTargetType,
  targetId: z.string(),
  target: z.object({
    title: z.string(),
    merchantId: z.string().nullable(),
    merchantName: z.string().nullable(),
    /** product: active|archived|taken_down|suspended; stream: scheduled|live|ended; merchant: active|suspended; comment and review: visible|removed */
    status: z.string(),
    /** The page to look at: /products/:id (also for a review: its product's), /live/:id (also for a comment); null for a merchant. */
    url: z.string().nullable(),
    /** Only on a comment's case (whose `title` is the text cut short, `merchantId`/`merchantName` its author): all of it, and where. */
    comment: z.object({ text: z.string(), streamId: z.string(), streamTitle: z.string(), at: z.string() }).optional(),
    /** Only on a review's case (`title` the text cut short, `merchantId`/`merchantName` its author): all of it, and its stars. */
    review: z.object({ text: z.string(), rating: z.number().int(), productId: z.string() }).optional(),
  }),
  reportCount: z.number().int(),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  latest: z.object({
    id: z.string(),
    reason: z.string(),
    details: z.string().nullable(),
    reporterName: z.string(),
    createdAt: z.string(),
  }),
  status: z.enum(REPORT_STATUSES),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type ReportCaseView = z.infer<typeof ReportCase>;
export type ReportTargetView = ReportCaseView['target'];

export const ReportQueueResponse = z.object({ items: z.array(ReportCase), nextCursor: z.string().nullable() });

export const DismissBody = z.object({ targetType: ReportTargetType, targetId: id, note });

export const ReasonBody = z.object({ reason: text().trim().min(3).max(500) });

export const MerchantsQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((text) => text || undefined),
  status: z.enum(['active', 'suspended']).optional(),
  cursor,
  limit,
});

const Suspension = z.object({ reason: z.string(), at: z.string() });
export type SuspensionView = z.infer<typeof Suspension>;

export const MerchantItem = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  createdAt: z.string(),
  productCount: z.number().int(),
  openReportCount: z.number().int(),
  suspension: Suspension.nullable(),
});
export type MerchantItemView = z.infer<typeof MerchantItem>;

export const MerchantsResponse = z.object({ items: z.array(MerchantItem), nextCursor: z.string().nullable() });

/** A live show an admin ended, as `POST /api/admin/streams/:id/end` answers it. */
export const EndedStream = z.object({
  id: z.string(),
  title: z.string(),
  kolId: z.string(),
  status: z.literal('ended'),
  endedAt: z.string(),
  moderation: z.object({ reason: z.string(), at: z.string() }),
});
export type EndedStreamView = z.infer<typeof EndedStream>;

export const LogQuery = z.object({ cursor, limit });

const LogEntry = z.object({
  id: z.string(),
  action: z.enum(MODERATION_ACTIONS),
  /** A reported target's type, or `user` for a chat ban and its lift. */
  targetType: z.enum(MODERATION_TARGET_TYPES),
  targetId: z.string(),
  targetTitle: z.string(),
  reason: z.string().nullable(),
  adminId: z.string(),
  adminName: z.string(),
  createdAt: z.string(),
});
export type LogEntryView = z.infer<typeof LogEntry>;

export const LogResponse = z.object({ items: z.array(LogEntry), nextCursor: z.string().nullable() });

/** `days` 1..365 ends the ban by itself; without it the ban lasts until an admin lifts it. */
export const ChatBanBody = z.object({
  reason: text().trim().min(3).max(500),
  days: z.number().int().min(1).max(365).optional(),
});

export const ChatBanQuery = z.object({ cursor, limit });

/** A user restricted from chat in every stream. */
export const ChatBan = z.object({
  userId: z.string(),
  displayName: z.string(),
  reason: z.string(),
  /** When it ends by itself; null: until an admin lifts it. */
  until: z.string().nullable(),
  at: z.string(),
  adminId: z.string(),
  adminName: z.string(),
});
export type ChatBanView = z.infer<typeof ChatBan>;

export const ChatBansResponse = z.object({ items: z.array(ChatBan), nextCursor: z.string().nullable() });

/** A comment an admin removed, as `POST /api/admin/comments/:id/remove` answers it. */
export const RemovedComment = z.object({
  id: z.string(),
  streamId: z.string(),
  userId: z.string(),
  status: z.literal('removed'),
  moderation: z.object({ reason: z.string(), at: z.string() }),
});
export type RemovedCommentView = z.infer<typeof RemovedComment>;

/** A product review an admin removed, as `POST /api/admin/reviews/:id/remove` answers it. */
export const RemovedReview = z.object({
  id: z.string(),
  productId: z.string(),
  userId: z.string(),
  status: z.literal('removed'),
  moderation: z.object({ reason: z.string(), at: z.string() }),
});
export type RemovedReviewView = z.infer<typeof RemovedReview>;
