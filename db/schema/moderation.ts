import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const REPORT_TARGET_TYPES = ['product', 'stream', 'merchant', 'comment', 'review'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

/** What a log row is about: a reported target, or a user's account (a chat ban is on the person, not a comment). */
export const MODERATION_TARGET_TYPES = [...REPORT_TARGET_TYPES, 'user'] as const;
export type ModerationTargetType = (typeof MODERATION_TARGET_TYPES)[number];

export const REPORT_REASONS = ['counterfeit', 'prohibited', 'misleading', 'offensive', 'scam', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_STATUSES = ['open', 'actioned', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const MODERATION_ACTIONS = [
  'take_down',
  'restore',
  'suspend',
  'reinstate',
  'dismiss',
  'end_stream',
  'remove_comment',
  'chat_ban',
  'lift_chat_ban',
  'remove_review',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * Every open report on one target, as one case in the admins' queue; resolving the case resolves
 * its reports, and a report after that opens a new case.
 */
export const reportCases = pgTable(
  'report_cases',
  {
    id: id(),
    targetType: text().$type<ReportTargetType>().notNull(),
    targetId: text().notNull(),
    /** Whose target it is: the product's merchant, the stream's KOL, the merchant themself, a comment's or review's author. */
    ownerId: text().references(() => users.id),
    status: text().$type<ReportStatus>().notNull().default('open'),
    reportCount: integer().notNull().default(0),
    createdAt: createdAt(),
    resolvedAt: at(),
    resolvedBy: text().references(() => users.id),
    resolutionNote: text(),
  },
  (t) => [
    // One open case per target: reports on it join that case.
    uniqueIndex('report_cases_open_target').on(t.targetType, t.targetId).where(sql`${t.status} = 'open'`),
    index().on(t.status, t.reportCount, t.createdAt),
    index().on(t.status, t.resolvedAt),
    index().on(t.ownerId),
  ],
);

/** One user's report of a product, stream, merchant, chat comment or product review; its status follows its case. */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    caseId: text()
      .notNull()
      .references(() => reportCases.id),
    reporterId: text()
      .notNull()
      .references(() => users.id),
    targetType: text().$type<ReportTargetType>().notNull(),
    targetId: text().notNull(),
    reason: text().$type<ReportReason>().notNull(),
    details: text(),
    status: text().$type<ReportStatus>().notNull().default('open'),
    createdAt: createdAt(),
    resolvedAt: at(),
  },
  (t) => [
    // A user has at most one open report per target: reporting it again answers that one.
    uniqueIndex('reports_open_reporter_target').on(t.reporterId, t.targetType, t.targetId).where(sql`${t.status} = 'open'`),
    index().on(t.caseId),
    index().on(t.reporterId, t.createdAt),
  ],
);

/** A restriction an admin put on one user (a suspension, a chat ban): whom, why, and which admin. */
function restrictionColumns() {
  return {
    userId: text()
      .primaryKey()
      .references(() => users.id),
    reason: text().notNull(),
    adminId: text()
      .notNull()
      .references(() => users.id),
  };
}

/** Merchants suspended now (a reinstatement deletes the row; the moderation log keeps the history). */
export const merchantSuspensions = pgTable('merchant_suspensions', {
  ...restrictionColumns(),
  suspendedAt: createdAt(),
});

/**
 * Users an admin restricted from chat, in every stream (lifting deletes the row; the moderation log
 * keeps the history). A row whose `until` passed restricts no one. The comment path never reads this
 * table: it reads a Redis flag per banned user that is rebuilt from here (see chat-bans.ts).
 */
export const chatBans = pgTable('chat_bans', {
  ...restrictionColumns(),
  bannedAt: createdAt(),
  /** When the restriction ends by itself; null: until an admin lifts it. */
  until: at(),
});

/** Every admin action, written in the same transaction as its effect. */
export const moderationActions = pgTable(
  'moderation_actions',
  {
    id: id(),
    action: text().$type<ModerationAction>().notNull(),
    targetType: text().$type<ModerationTargetType>().notNull(),
    targetId: text().notNull(),
    /** The target's title or name when the action was taken. */
    targetTitle: text().notNull(),
    reason: text(),
    adminId: text()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.createdAt)],
);
