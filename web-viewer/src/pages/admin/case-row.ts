import type { ReportCase } from '../../lib/admin-api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';
import { reasonLabel } from '../../lib/moderation-api.ts';
import { formatAgo } from '../../lib/notifications-menu.ts';
import { statusPill } from './status-pill.ts';

/** What the admin can do from a case; each asks with the reason dialog and resolves true once done. */
export interface CaseActions {
  dismiss(item: ReportCase): Promise<boolean>;
  takeDown(item: ReportCase): Promise<boolean>;
  restore(item: ReportCase): Promise<boolean>;
  suspendMerchant(item: ReportCase): Promise<boolean>;
  endStream(item: ReportCase): Promise<boolean>;
  removeComment(item: ReportCase): Promise<boolean>;
  removeReview(item: ReportCase): Promise<boolean>;
  restrictAuthor(item: ReportCase): Promise<boolean>;
}

type Action = keyof CaseActions;

const TYPE_LABELS: Record<ReportCase['targetType'], string> = {
  product: 'Product',
  stream: 'Live show',
  merchant: 'Merchant',
  comment: 'Chat comment',
  review: 'Review',
};
const RESOLUTION: Record<ReportCase['status'], string> = { open: 'Open', actioned: 'Actioned', dismissed: 'Dismissed' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One report case: what was reported (with a link to look at it), how often and why, the latest
 * report's words, and the actions that fit the target. After an action the row says what it did.
 */
export class CaseRow {
  readonly element = h('li', { className: 'case-row' });
  readonly #actions: CaseActions;
  #case: ReportCase;
  #done: string | undefined;
  /** Set once the admin restricted this comment's author here (the case view does not carry bans). */
  #isAuthorRestricted = false;

  constructor(item: ReportCase, actions: CaseActions) {
    this.#case = item;
    this.#actions = actions;
    this.#render();
  }

  async #run(action: Action, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const isDone = await this.#actions[action](this.#case);
      if (!isDone) return;
      this.#applyDone(action);
      this.#render();
    } finally {
      button.disabled = false;
    }
  }

  /** The case as the action left it, and a line that says so. */
  #applyDone(action: Action): void {
    const item = this.#case;
    const now = new Date().toISOString();
    const resolved = (status: ReportCase['status']) => ({ status, resolvedAt: item.status === 'open' ? now : item.resolvedAt });
    switch (action) {
      case 'dismiss':
        this.#case = { ...item, ...resolved('dismissed') };
        this.#done = `Dismissed: ${plural(item.reportCount, 'report', 'reports')} closed without action.`;
        break;
      case 'takeDown':
        this.#case = { ...item, ...resolved('actioned'), target: { ...item.target, status: 'taken_down' } };
        this.#done = 'Taken down: the product is hidden and off sale, and the merchant was told why.';
        break;
      case 'restore':
        this.#case = { ...item, target: { ...item.target, status: 'active' } };
        this.#done = 'Restored: the product is listed again.';
        break;
      case 'suspendMerchant':
        this.#case = {
          ...item,
          ...resolved('actioned'),
          // The shop's listed products are hidden with it (a taken-down one stays taken down).
          target: {
            ...item.target,
            status: item.targetType === 'merchant' || item.target.status === 'active' ? 'suspended' : item.target.status,
          },
        };
        this.#done = `Suspended ${item.target.merchantName ?? 'the merchant'}: their shop is hidden until reinstated.`;
        break;
      case 'endStream':
        this.#case = { ...item, ...resolved('actioned'), target: { ...item.target, status: 'ended' } };
        this.#done = 'Ended the live show: viewers see that Streamcart ended it, and the host was told why.';
        break;
      case 'removeComment':
        this.#case = { ...item, ...resolved('actioned'), target: { ...item.target, status: 'removed' } };
        this.#done = 'Removed: the comment is gone from the chat for everyone watching.';
        break;
      case 'removeReview':
        this.#case = { ...item, ...resolved('actioned'), target: { ...item.target, status: 'removed' } };
        this.#done = "Removed: the review is gone from the product's page and rating, and its author was told why.";
        break;
      case 'restrictAuthor':
        this.#case = { ...item, ...resolved('actioned') };
        this.#isAuthorRestricted = true;
        this.#done = `Restricted ${item.target.merchantName ?? 'the author'} from chat in every live show; they were told why.`;
        break;
    }
  }

  /** A comment's words (all of them), its author, and the live show it was written in, with a link. */
  #commentHead(item: ReportCase, comment: NonNullable<ReportCase['target']['comment']>): HTMLElement {
    return h(
      'div',
      { className: 'case-what case-comment' },
      h('span', { className: 'case-type' }, TYPE_LABELS.comment),
      h('q', { className: 'case-title case-comment-text' }, comment.text),
      h(
        'p',
        { className: 'muted small case-context' },
        `by ${item.target.merchantName ?? 'someone'} in `,
        item.target.url
          ? h('a', { className: 'case-stream', attrs: { href: item.target.url, target: '_blank', rel: 'noopener' } }, comment.streamTitle)
          : comment.streamTitle,
        ' · ',
        h('time', { attrs: { datetime: comment.at } }, formatDayTime(comment.at)),
      ),
    );
  }

  /** A review's words (all of them), its stars, its author, and a link to its product's page. */
  #reviewHead(item: ReportCase, review: NonNullable<ReportCase['target']['review']>): HTMLElement {
    return h(
      'div',
      { className: 'case-what case-review' },
      h('span', { className: 'case-type' }, TYPE_LABELS.review),
      h('q', { className: 'case-title case-review-text' }, review.text),
      h(
        'p',
        { className: 'muted small case-context' },
        `${review.rating} of 5 stars, by ${item.target.merchantName ?? 'someone'} · `,
        item.target.url
          ? h('a', { className: 'case-product', attrs: { href: item.target.url, target: '_blank', rel: 'noopener' } }, 'product page')
          : 'product page gone',
      ),
    );
  }

  #render(): void {
    const item = this.#case;
    this.element.dataset.targetType = item.targetType;
    this.element.dataset.targetId = item.targetId;
    this.element.dataset.status = item.status;
    this.element.dataset.targetStatus = item.target.status;
    this.element.classList.toggle('is-resolved', item.status !== 'open');

    const title = item.target.url
      ? h('a', { className: 'case-title', attrs: { href: item.target.url, target: '_blank', rel: 'noopener' } }, item.target.title)
      : h('span', { className: 'case-title' }, item.target.title);
    const what = item.target.comment
      ? this.#commentHead(item, item.target.comment)
      : item.target.review
        ? this.#reviewHead(item, item.target.review)
        : h(
            'div',
            { className: 'case-what' },
            h('span', { className: 'case-type' }, TYPE_LABELS[item.targetType]),
            title,
            item.target.merchantName && item.targetType !== 'merchant'
              ? h('span', { className: 'muted small' }, `by ${item.target.merchantName}`)
              : null,
          );
    const head = h(
      'div',
      { className: 'case-head' },
      what,
      h(
        'div',
        { className: 'case-pills' },
        statusPill(item.targetType, item.target.status),
        h('span', { className: `status case-status case-status-${item.status}` }, RESOLUTION[item.status]),
      ),
    );
    const counts = h(
      'div',
      { className: 'case-counts' },
      h('strong', { className: 'case-count' }, plural(item.reportCount, 'report', 'reports')),
      h(
        'ul',
        { className: 'reason-list', attrs: { 'aria-label': 'Reasons' } },
        ...item.reasons.map((r) =>
          h(
            'li',
            { className: 'reason-chip', attrs: { 'data-reason': r.reason } },
            reasonLabel(r.reason),
            h('span', { className: 'reason-count' }, `× ${r.count}`),
          ),
        ),
      ),
    );
    const latest = item.latest;
    const quote = h(
      'figure',
      { className: 'case-latest' },
      h(
        'blockquote',
        { className: latest.details ? '' : 'muted' },
        latest.details ? `“${latest.details}”` : `${reasonLabel(latest.reason)}, with no details.`,
      ),
      h(
        'figcaption',
        { className: 'muted small' },
        `Latest: ${latest.reporterName} · `,
        h('time', { attrs: { datetime: latest.createdAt, title: formatDayTime(latest.createdAt) } }, formatAgo(latest.createdAt)),
      ),
    );
    const resolution =
      item.status !== 'open' && item.resolvedAt
        ? h(
            'p',
            { className: 'muted small case-resolution' },
            `${RESOLUTION[item.status]} ${formatDayTime(item.resolvedAt)}`,
            item.resolutionNote ? ` · “${item.resolutionNote}”` : '',
          )
        : null;
    const done = this.#done ? h('p', { className: 'form-done case-done', attrs: { role: 'status' } }, this.#done) : null;
    const buttons = this.#buttons();
    this.element.replaceChildren(
      head,
      counts,
      quote,
      ...(resolution ? [resolution] : []),
      ...(done ? [done] : []),
      ...(buttons.length ? [h('div', { className: 'case-actions' }, ...buttons)] : []),
    );
  }

  /**
   * The actions that fit: only open cases are dismissed or acted on; a taken-down product can be
   * restored, a live show ended; a comment's author can be restricted also after the comment went.
   */
  #buttons(): HTMLButtonElement[] {
    const item = this.#case;
    const button = (action: Action, label: string, className: string) => {
      const b = h('button', { className, attrs: { type: 'button', 'data-action': action } }, label);
      b.addEventListener('click', () => void this.#run(action, b));
      return b;
    };
    const buttons: HTMLButtonElement[] = [];
    const isOpen = item.status === 'open';
    if (item.targetType === 'product' && item.target.status === 'taken_down') {
      buttons.push(button('restore', 'Restore product…', 'button button-outline small'));
    } else if (isOpen && item.targetType === 'product' && item.target.status !== 'archived') {
      buttons.push(button('takeDown', 'Take down product…', 'button button-live small'));
    }
    if (isOpen && item.targetType === 'stream' && item.target.status === 'live') {
      buttons.push(button('endStream', 'End live show…', 'button button-live small'));
    }
    if (item.targetType === 'comment') {
      if (isOpen && item.target.status === 'visible') buttons.push(button('removeComment', 'Remove comment…', 'button button-live small'));
      if (item.target.merchantId && !this.#isAuthorRestricted) {
        buttons.push(button('restrictAuthor', 'Restrict author from chat…', 'button button-outline danger small'));
      }
    }
    if (isOpen && item.targetType === 'review' && item.target.status === 'visible') {
      buttons.push(button('removeReview', 'Remove review…', 'button button-live small'));
    }
    const canSuspend = item.targetType === 'merchant' ? item.target.status !== 'suspended' : Boolean(item.target.merchantId);
    if (isOpen && (item.targetType === 'product' || item.targetType === 'merchant') && canSuspend) {
      buttons.push(button('suspendMerchant', 'Suspend merchant…', 'button button-outline danger small'));
    }
    if (isOpen) buttons.push(button('dismiss', 'Dismiss', 'button button-outline small'));
    return buttons;
  }
}
