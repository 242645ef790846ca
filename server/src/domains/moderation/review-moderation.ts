import type { Db } from '../../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { NotificationService } from '../notifications/service.ts';
import type { ReviewService } from '../reviews/service.ts';
import type { ModerationLog } from './moderation-log.ts';
import type { ReportService } from './reports.ts';
import type { RemovedReviewView } from './schema.ts';
import { snippet, type TargetRef } from './targets.ts';

/**
 * What admins do about product reviews: remove one that breaks the rules. The hidden review, the
 * resolved reports and the log row are one transaction; the author's notification follows once it
 * committed. The product's rating is computed from visible reviews, so it needs no update.
 */
export class ReviewModeration {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #reviews: ReviewService;
  readonly #reports: ReportService;
  readonly #log: ModerationLog;
  readonly #notifications: NotificationService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    reviews: ReviewService;
    reports: ReportService;
    log: ModerationLog;
    notifications: NotificationService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#reviews = deps.reviews;
    this.#reports = deps.reports;
    this.#log = deps.log;
    this.#notifications = deps.notifications;
  }

  /**
   * Hides a review from its product's page and rating, actions its reports and tells its author why.
   * Throws NOT_FOUND, REVIEW_ALREADY_REMOVED.
   */
  async removeReview(adminId: string, reviewId: string, reason: string): Promise<RemovedReviewView> {
    const review = await this.#reviews.getReview(reviewId);
    if (review.isHidden) throw new AppError('REVIEW_ALREADY_REMOVED');
    const at = this.#clock.now();
    await this.#db.transaction(async (tx) => {
      // Another admin may have removed it in the meantime.
      if (!(await this.#reviews.hide(tx, reviewId, at))) throw new AppError('REVIEW_ALREADY_REMOVED');
      const target: TargetRef = { targetType: 'review', targetId: reviewId };
      await this.#reports.resolveTarget(tx, target, { status: 'actioned', note: reason, adminId });
      await this.#log.record(tx, { action: 'remove_review', ...target, targetTitle: snippet(review.text), reason, adminId });
    });
    await this.#notifications.notifyMany([review.userId], 'review_removed', {
      reviewId,
      productId: review.productId,
      text: snippet(review.text),
      reason,
    });
    return {
      id: review.id,
      productId: review.productId,
      userId: review.userId,
      status: 'removed',
      moderation: { reason, at: at.toISOString() },
    };
  }
}
