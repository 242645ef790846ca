import type { Db } from '../../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { AuthService } from '../auth/service.ts';
import type { CommentService } from '../comments/service.ts';
import type { NotificationService } from '../notifications/service.ts';
import type { ChatBanRecord, ChatBans } from './chat-bans.ts';
import type { ModerationLog } from './moderation-log.ts';
import type { ReportService } from './reports.ts';
import type { ChatBanView, RemovedCommentView } from './schema.ts';
import { snippet, type TargetRef } from './targets.ts';

const DAY_MS = 86_400_000;

/**
 * What admins do about chat: remove a reported comment for everyone, and restrict a person from
 * chat in every stream, for some days or until lifted. As with the other actions, the change, the
 * resolved reports and the log row are one transaction; the room's `comment:deleted`, the Redis
 * flag the comment path reads and the notification follow once it committed.
 */
export class ChatModeration {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #auth: AuthService;
  readonly #comments: CommentService;
  readonly #chatBans: ChatBans;
  readonly #reports: ReportService;
  readonly #log: ModerationLog;
  readonly #notifications: NotificationService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    auth: AuthService;
    comments: CommentService;
    chatBans: ChatBans;
    reports: ReportService;
    log: ModerationLog;
    notifications: NotificationService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#auth = deps.auth;
    this.#comments = deps.comments;
    this.#chatBans = deps.chatBans;
    this.#reports = deps.reports;
    this.#log = deps.log;
    this.#notifications = deps.notifications;
  }

  /**
   * Removes a comment for everyone the way its stream's KOL would (viewers get `comment:deleted`,
   * it leaves the join snapshot) and actions its reports. Throws NOT_FOUND, COMMENT_ALREADY_REMOVED.
   */
  async removeComment(adminId: string, commentId: string, reason: string): Promise<RemovedCommentView> {
    const comment = await this.#comments.getComment(commentId);
    if (comment.isDeleted) throw new AppError('COMMENT_ALREADY_REMOVED');
    const at = this.#clock.now();
    await this.#db.transaction(async (tx) => {
      // Its KOL may have removed it in the meantime.
      if (!(await this.#comments.markDeleted(tx, commentId, { onlyVisible: true }))) throw new AppError('COMMENT_ALREADY_REMOVED');
      const target: TargetRef = { targetType: 'comment', targetId: commentId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: reason, adminId });
      await this.#log.record(tx, { action: 'remove_comment', ...target, targetTitle: snippet(comment.text), reason, adminId });
    });
    await this.#comments.announceDeleted(comment.streamId, commentId);
    return {
      id: comment.id,
      streamId: comment.streamId,
      userId: comment.userId,
      status: 'removed',
      moderation: { reason, at: at.toISOString() },
    };
  }

  /**
   * Restricts a user from chat in every stream, for `days` or until lifted; a ban in force is
   * replaced (new reason, new end). The open reports on their comments are actioned and they are
   * told why. Throws NOT_FOUND.
   */
  async banFromChat(adminId: string, userId: string, input: { reason: string; days?: number | undefined }): Promise<ChatBanView> {
    const user = await this.#auth.getUser(userId);
    const at = this.#clock.now();
    const until = input.days === undefined ? null : new Date(at.getTime() + input.days * DAY_MS);
    const ban = await this.#db.transaction(async (tx) => {
      const saved = await this.#chatBans.save(tx, { userId, reason: input.reason, adminId, at, until });
      await this.#reports.resolveCommentsOf(tx, userId, { status: 'actioned', note: input.reason, adminId });
      await this.#log.record(tx, {
        action: 'chat_ban',
        targetType: 'user',
        targetId: userId,
        targetTitle: user.displayName,
        reason: input.reason,
        adminId,
      });
      return saved;
    });
    await this.#chatBans.publish(ban);
    await this.#notifications.notifyMany([userId], 'chat_banned', { reason: ban.reason, until: ban.until });
    const [view] = await this.#toViews([ban]);
    if (!view) throw new Error('chat ban view missing');
    return view;
  }

  /** Lets a restricted user chat again, and tells them. Throws NOT_FOUND, NOT_CHAT_BANNED. */
  async liftChatBan(adminId: string, userId: string): Promise<void> {
    const user = await this.#auth.getUser(userId);
    const wasBanned = await this.#db.transaction(async (tx) => {
      if (!(await this.#chatBans.remove(tx, userId))) return false;
      await this.#log.record(tx, {
        action: 'lift_chat_ban',
        targetType: 'user',
        targetId: userId,
        targetTitle: user.displayName,
        reason: null,
        adminId,
      });
      return true;
    });
    // Also when nothing was in force: a flag left by a lift that failed half-way goes with it.
    await this.#chatBans.unpublish(userId);
    if (!wasBanned) throw new AppError('NOT_CHAT_BANNED');
    await this.#notifications.notifyMany([userId], 'chat_ban_lifted', {});
  }

  /** Users restricted from chat now, newest ban first. */
  async listChatBans(filter: { cursor?: string | undefined; limit: number }): Promise<{ items: ChatBanView[]; nextCursor: string | null }> {
    const page = await this.#chatBans.list(filter);
    return { items: await this.#toViews(page.items), nextCursor: page.nextCursor };
  }

  async #toViews(bans: ChatBanRecord[]): Promise<ChatBanView[]> {
    const names = await this.#auth.getDisplayNames(bans.flatMap((b) => [b.userId, b.adminId]));
    return bans.map((ban) => ({
      userId: ban.userId,
      displayName: names.get(ban.userId) ?? 'someone',
      reason: ban.reason,
      until: ban.until,
      at: ban.at,
      adminId: ban.adminId,
      adminName: names.get(ban.adminId) ?? 'an admin',
    }));
  }
}
