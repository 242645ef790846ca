import { api, type Product } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';

export interface Rating {
  average: number | null;
  count: number;
}

export interface ProductPage extends Product {
  merchantId: string;
  category: string | null;
  rating: Rating;
}

export interface Review {
  id: string;
  /** Its author is not offered to report it. */
  authorId: string;
  author: string;
  rating: number;
  text: string;
  merchantReply: string | null;
  createdAt: string;
}

export interface ReviewPage {
  items: Review[];
  rating: Rating;
  nextCursor?: string | undefined;
}

export const getProductPage = (id: string) => api<ProductPage>('GET', `/api/products/${encodeURIComponent(id)}`);

export function getReviews(productId: string, limit: number, before?: string): Promise<ReviewPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before) query.set('before', before);
  return api<ReviewPage>('GET', `/api/products/${encodeURIComponent(productId)}/reviews?${query}`);
}

/** Five stars filled to `value` (0–5), e.g. 4.5 → four and a half; decorative, the caller labels it. */
export function starBar(value: number): HTMLSpanElement {
  const fill = h('span', { className: 'stars-fill' });
  fill.style.width = `${Math.max(0, Math.min(5, value)) * 20}%`;
  return h('span', { className: 'stars', attrs: { 'aria-hidden': 'true' } }, fill);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * One review: author, stars, date, the text (as text, never HTML), the merchant's reply, and a
 * Report action (hidden here; `syncReviewReport` shows it to signed-in users other than its author).
 */
export function reviewItem(review: Review, onReport: (review: Review) => void): HTMLLIElement {
  const initial = (review.author.trim()[0] ?? '·').toUpperCase();
  const report = h(
    'button',
    { className: 'report-link review-report', attrs: { type: 'button', 'aria-label': `Report review by ${review.author}`, hidden: '' } },
    'Report',
  );
  report.addEventListener('click', () => onReport(review));
  return h(
    'li',
    { className: 'review', attrs: { 'data-review-id': review.id, 'data-author-id': review.authorId } },
    h(
      'div',
      { className: 'review-head' },
      h('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } }, initial),
      h('span', { className: 'review-author' }, review.author),
      h('span', { className: 'review-stars', attrs: { 'aria-label': `${review.rating} out of 5` } }, starBar(review.rating)),
      h('time', { className: 'muted small', attrs: { datetime: review.createdAt } }, dateFormat.format(new Date(review.createdAt))),
      report,
    ),
    review.text ? h('p', { className: 'review-text' }, review.text) : null,
    review.merchantReply
      ? h(
          'div',
          { className: 'review-reply' },
          h('p', { className: 'review-reply-label' }, 'Reply from the merchant'),
          h('p', {}, review.merchantReply),
        )
      : null,
  );
}

/** Report is for signed-in users, on reviews not their own. */
export function syncReviewReport(item: HTMLElement, userId: string | undefined): void {
  const button = item.querySelector<HTMLButtonElement>('.review-report');
  if (button) show(button, userId !== undefined && item.dataset.authorId !== userId);
}
