import type { ReportTargetType } from '../../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { AuthService } from '../auth/service.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { CommentService } from '../comments/service.ts';
import type { ReviewService } from '../reviews/service.ts';
import type { StreamService } from '../streams/service.ts';
import type { ReportTargetView } from './schema.ts';
import type { MerchantSuspensions } from './suspensions.ts';

export interface TargetRef {
  targetType: ReportTargetType;
  targetId: string;
}

export const targetKey = (ref: TargetRef) => `${ref.targetType}|${ref.targetId}`;

const SNIPPET_CHARS = 80;

/** A comment cut to fit a title: whole words where it can, with an ellipsis when it was cut. */
export function snippet(text: string, maxChars = SNIPPET_CHARS): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= maxChars) return chars.join('');
  const cut = chars.slice(0, maxChars - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace >= maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * What can be reported, looked up through the domains that own it: a product (its merchant owns
 * it), a stream (its KOL), a merchant account (the merchant), a chat comment or a product review (its author).
 */
export class ReportTargets {
  readonly #catalog: CatalogService;
  readonly #streams: StreamService;
  readonly #auth: AuthService;
  readonly #suspensions: MerchantSuspensions;
  readonly #comments: CommentService;
  readonly #reviews: ReviewService;

  constructor(deps: {
    catalog: CatalogService;
    streams: StreamService;
    auth: AuthService;
    suspensions: MerchantSuspensions;
    comments: CommentService;
    reviews: ReviewService;
  }) {
    this.#catalog = deps.catalog;
    this.#streams = deps.streams;
    this.#auth = deps.auth;
    this.#suspensions = deps.suspensions;
    this.#comments = deps.comments;
    this.#reviews = deps.reviews;
  }

  /**
   * The target's owner and title. Throws NOT_FOUND (also for an account that is no merchant, and
   * for a comment or review already removed: there is nothing left to report).
   */
  async find(ref: TargetRef): Promise<{ ownerId: string; title: string }> {
    switch (ref.targetType) {
      case 'product': {
        const product = await this.#catalog.getProduct(ref.targetId);
        return { ownerId: product.merchantId, title: product.title };
      }
      case 'stream': {
        const stream = await this.#streams.getStreamRow(ref.targetId);
        return { ownerId: stream.kolId, title: stream.title };
      }
      case 'merchant': {
        const merchant = await this.getMerchant(ref.targetId);
        return { ownerId: merchant.id, title: merchant.displayName };
      }
      case 'comment': {
        const comment = await this.#comments.getComment(ref.targetId);
        if (comment.isDeleted) throw new AppError('NOT_FOUND', 'Comment not found');
        return { ownerId: comment.userId, title: snippet(comment.text) };
      }
      case 'review': {
        const review = await this.#reviews.getReview(ref.targetId);
        if (review.isHidden) throw new AppError('NOT_FOUND', 'Review not found');
        return { ownerId: review.userId, title: snippet(review.text) };
      }
    }
  }

  /** A user holding the merchant role. Throws NOT_FOUND. */
  async getMerchant(userId: string) {
    const user = await this.#auth.getUser(userId).catch(() => undefined);
    if (!user?.roles.includes('merchant')) throw new AppError('NOT_FOUND', 'Merchant not found');
    return user;
  }

  /**
   * How the admins' queue shows each target, by `targetKey`: a few queries for a whole page. A
   * stream's `merchantId` and `merchantName` are its KOL's, the account behind it; a comment's and a
   * review's are its author's, and a comment's stream is looked up with the reported streams.
   */
  async describe(refs: readonly TargetRef[]): Promise<Map<string, ReportTargetView>> {
    const idsOf = (type: ReportTargetType) => refs.filter((r) => r.targetType === type).map((r) => r.targetId);
    const merchantIds = idsOf('merchant');
    const [comments, reviews] = await Promise.all([
      this.#comments.getCommentCards(idsOf('comment')),
      this.#reviews.getReviewCards(idsOf('review')),
    ]);
    const [products, streams, suspensions] = await Promise.all([
      this.#catalog.getProductCards(idsOf('product')),
      this.#streams.getStreamCards([...idsOf('stream'), ...[...comments.values()].map((c) => c.streamId)]),
      this.#suspensions.suspensionsOf(merchantIds),
    ]);
    const names = await this.#auth.getDisplayNames([
      ...merchantIds,
      ...[...products.values()].map((p) => p.merchantId),
      ...[...streams.values()].map((s) => s.kolId),
      ...[...comments.values()].map((c) => c.userId),
      ...[...reviews.values()].map((r) => r.userId),
    ]);
    const described = new Map<string, ReportTargetView>();
    for (const ref of refs) {
      const view = this.#describeOne(ref, { products, streams, comments, reviews, suspensions, names });
      if (view) described.set(targetKey(ref), view);
    }
    return described;
  }

  #describeOne(
    ref: TargetRef,
    found: {
      products: Awaited<ReturnType<CatalogService['getProductCards']>>;
      streams: Awaited<ReturnType<StreamService['getStreamCards']>>;
      comments: Awaited<ReturnType<CommentService['getCommentCards']>>;
      reviews: Awaited<ReturnType<ReviewService['getReviewCards']>>;
      suspensions: Map<string, unknown>;
      names: Map<string, string>;
    },
  ): ReportTargetView | undefined {
    const nameOf = (userId: string) => found.names.get(userId) ?? null;
    switch (ref.targetType) {
      case 'product': {
        const product = found.products.get(ref.targetId);
        return (
          product && {
            title: product.title,
            merchantId: product.merchantId,
            merchantName: nameOf(product.merchantId),
            status: product.status,
            url: `/products/${ref.targetId}`,
          }
        );
      }
      case 'stream': {
        const stream = found.streams.get(ref.targetId);
        return (
          stream && {
            title: stream.title,
            merchantId: stream.kolId,
            merchantName: nameOf(stream.kolId),
            status: stream.status,
            url: `/live/${ref.targetId}`,
          }
        );
      }
      case 'merchant': {
        const name = nameOf(ref.targetId);
        if (name === null) return undefined;
        return {
          title: name,
          merchantId: ref.targetId,
          merchantName: name,
          status: found.suspensions.has(ref.targetId) ? 'suspended' : 'active',
          url: null,
        };
      }
      case 'comment': {
        const comment = found.comments.get(ref.targetId);
        if (!comment) return undefined;
        const streamTitle = found.streams.get(comment.streamId)?.title ?? 'a live show';
        return {
          title: snippet(comment.text),
          merchantId: comment.userId,
          merchantName: nameOf(comment.userId),
          status: comment.isDeleted ? 'removed' : 'visible',
          url: `/live/${comment.streamId}`,
          comment: { text: comment.text, streamId: comment.streamId, streamTitle, at: comment.at },
        };
      }
      case 'review': {
        const review = found.reviews.get(ref.targetId);
        if (!review) return undefined;
        return {
          title: snippet(review.text),
          merchantId: review.userId,
          merchantName: nameOf(review.userId),
          status: review.isHidden ? 'removed' : 'visible',
          url: `/products/${review.productId}`,
          review: { text: review.text, rating: review.rating, productId: review.productId },
        };
      }
    }
  }
}
