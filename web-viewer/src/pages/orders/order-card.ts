import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime, formatMoney } from '../../lib/format.ts';
import type { BuyerOrder, WrittenReview } from '../../lib/my-orders-api.ts';
import type { OrderStatus } from '../../lib/orders-api.ts';
import { ORDER_STATUS_LABELS } from '../../lib/orders-api.ts';
import type { CreatedRefundRequest } from '../../lib/refund-api.ts';
import { ReviewForm, type ReviewInput } from './review-form.ts';
import { refundRequestNote, statusNote } from './status-text.ts';

type Action = 'pay' | 'confirm' | 'review' | 'cancel' | 'refund';

/** What a card asks of the server; each throws ApiError on a refusal. */
export interface OrderCardActions {
  /** Pays the order in the sandbox; answers its status afterwards. */
  pay(order: BuyerOrder): Promise<OrderStatus>;
  /** shipped or delivered → completed. */
  confirmReceipt(orderId: string): Promise<OrderStatus>;
  review(orderId: string, review: ReviewInput): Promise<WrittenReview>;
  /** Asks to confirm, then cancels; the cancelled order's status, or undefined when the buyer kept it. */
  cancel(order: BuyerOrder): Promise<OrderStatus | undefined>;
  /** Asks for the reason, then requests a refund; the request, or undefined when the buyer backed out. */
  requestRefund(order: BuyerOrder): Promise<CreatedRefundRequest | undefined>;
  /** The order moved on meanwhile: read the list again. */
  refresh(): void;
}

/** A refusal from the API in the buyer's words. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; try again.';
  switch (error.code) {
    case 'PAYMENT_NOT_PENDING':
      return 'This order can no longer be paid: it lapsed or was paid meanwhile.';
    case 'INVALID_ORDER_TRANSITION':
      return 'This order changed meanwhile; it now shows where it is.';
    case 'ALREADY_REVIEWED':
      return 'You already reviewed this order.';
    case 'NOT_REVIEWABLE':
      return 'This order cannot be reviewed.';
    case 'VALIDATION_FAILED':
      return 'Pick 1 to 5 stars and write at most 2,000 characters.';
    case 'UNAUTHENTICATED':
      return 'You have been signed out; sign in again to continue.';
    default:
      return error.message;
  }
}

const stars = (rating: number) =>
  h(
    'span',
    { className: 'review-stars', attrs: { role: 'img', 'aria-label': `${rating} out of 5 stars` } },
    '★'.repeat(rating),
    h('span', { className: 'review-stars-off' }, '★'.repeat(5 - rating)),
  );

/** The product's picture, or its initial on a tinted square when it has none or it fails to load. */
function thumbnail(item: BuyerOrder['items'][number]): HTMLElement {
  const initial = () =>
    h('span', { className: 'my-order-thumb-initial', attrs: { 'aria-hidden': 'true' } }, (item.title.trim()[0] ?? '·').toUpperCase());
  const frame = h('a', {
    className: 'my-order-thumb',
    attrs: { href: `/products/${encodeURIComponent(item.productId)}`, tabindex: '-1', 'aria-hidden': 'true' },
  });
  if (!item.imageUrl) {
    frame.append(initial());
    return frame;
  }
  const image = h('img', { attrs: { src: item.imageUrl, alt: '', width: '64', height: '64', loading: 'lazy' } });
  image.addEventListener('error', () => image.replaceWith(initial()));
  frame.append(image);
  return frame;
}

/**
 * One order in "My orders": the shop, the status, what was bought, the total and the tracking,
 * with what the buyer may do next (pay, confirm receipt, review). A refusal shows on the card;
 * after a success the card shows the new state.
 */
export class OrderCard {
  readonly element = h('li', { className: 'my-order' });
  readonly #actions: OrderCardActions;
  readonly #reviewForm: ReviewForm;
  #order: BuyerOrder;
  #busy: Action | undefined;
  #problem: string | undefined;
  #done: string | undefined;
  #isReviewing = false;
  /** The review written here, shown back as it was saved. */
  #written: WrittenReview | undefined;

  constructor(order: BuyerOrder, actions: OrderCardActions) {
    this.#order = order;
    this.#actions = actions;
    this.#reviewForm = new ReviewForm({
      orderId: order.id,
      productTitle: order.items[0]?.title ?? 'your order',
      onSubmit: (review) => this.#review(review),
      onCancel: () => {
        this.#isReviewing = false;
        this.#render();
      },
    });
    this.#render();
  }

  get orderId(): string {
    return this.#order.id;
  }

  /** The order as the server now has it. */
  update(order: BuyerOrder): void {
    // A message about an earlier step would read as current once the order moved on.
    const hasMoved = order.status !== this.#order.status || order.refundRequest?.status !== this.#order.refundRequest?.status;
    if (hasMoved) {
      this.#done = undefined;
      this.#problem = undefined;
    }
    this.#order = order;
    if (!order.canReview) this.#isReviewing = false;
    this.#render();
  }

  async #pay(): Promise<void> {
    await this.#run('pay', async () => {
      const status = await this.#actions.pay(this.#order);
      if (status === 'pending_payment') return 'Payment sent: the shop is confirming it.';
      this.#order = { ...this.#order, status, paymentId: null, paymentDueAt: null };
      return 'Paid. Thank you!';
    });
  }

  async #confirmReceipt(): Promise<void> {
    await this.#run('confirm', async () => {
      const status = await this.#actions.confirmReceipt(this.#order.id);
      this.#order = { ...this.#order, status, canReview: !this.#order.hasReview };
      return this.#order.canReview ? 'Thanks for confirming! How was it? Write a review below.' : 'Thanks for confirming!';
    });
  }

  async #cancel(): Promise<void> {
    await this.#runDialog('cancel', async () => {
      const status = await this.#actions.cancel(this.#order);
      if (!status) return undefined;
      this.#order = { ...this.#order, status, canCancel: false, paymentId: null, paymentDueAt: null };
      this.#actions.refresh();
      return status === 'refunded'
        ? `Cancelled: ${formatMoney(this.#order.totalCents, this.#order.currency)} is on its way back to you.`
        : 'Cancelled. Nothing was charged.';
    });
  }

  async #requestRefund(): Promise<void> {
    await this.#runDialog('refund', async () => {
      const created = await this.#actions.requestRefund(this.#order);
      if (!created) return undefined;
      const { orderId: _, ...refundRequest } = created;
      this.#order = { ...this.#order, canRequestRefund: false, refundRequest };
      return 'Refund requested. We will tell you when the shop answers.';
    });
  }

  /** Runs an action that asks in a dialog first; undefined from `call` means the buyer backed out. */
  async #runDialog(action: Action, call: () => Promise<string | undefined>): Promise<void> {
    this.#busy = action;
    this.#problem = undefined;
    this.#render();
    try {
      const done = await call();
      if (done) this.#done = done;
    } catch (error) {
      this.#problem = problemText(error);
    } finally {
      this.#busy = undefined;
      this.#render();
    }
  }

  /** Answers the problem for the form to show, or undefined once the review is saved. */
  async #review(review: ReviewInput): Promise<string | undefined> {
    this.#busy = 'review';
    try {
      this.#written = await this.#actions.review(this.#order.id, review);
      this.#order = { ...this.#order, canReview: false, hasReview: true };
      this.#isReviewing = false;
      this.#problem = undefined;
      this.#done = 'Thanks! Your review is on the product page.';
      return undefined;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ALREADY_REVIEWED') {
        this.#order = { ...this.#order, canReview: false, hasReview: true };
        this.#isReviewing = false;
        this.#problem = problemText(error);
        return undefined;
      }
      return problemText(error);
    } finally {
      this.#busy = undefined;
      this.#render();
    }
  }

  async #run(action: Action, call: () => Promise<string>): Promise<void> {
    this.#busy = action;
    this.#problem = undefined;
    this.#done = undefined;
    this.#render();
    try {
      this.#done = await call();
    } catch (error) {
      this.#problem = problemText(error);
      if (error instanceof ApiError && (error.code === 'INVALID_ORDER_TRANSITION' || error.code === 'PAYMENT_NOT_PENDING')) {
        this.#actions.refresh();
      }
    } finally {
      this.#busy = undefined;
      this.#render();
    }
  }

  #render(): void {
    const order = this.#order;
    this.element.dataset.orderId = order.id;
    this.element.dataset.status = order.status;
    this.element.replaceChildren(
      this.#head(),
      h('ul', { className: 'my-order-items' }, ...order.items.map((item) => this.#item(item))),
      this.#summary(),
      this.#footer(),
    );
  }

  #head(): HTMLElement {
    const order = this.#order;
    return h(
      'div',
      { className: 'my-order-head' },
      h(
        'div',
        { className: 'my-order-who' },
        h('span', { className: 'my-order-shop' }, order.merchantDisplayName),
        h(
          'span',
          { className: 'muted small' },
          h('time', { attrs: { datetime: order.createdAt } }, `Ordered ${formatDayTime(order.createdAt)}`),
          ` · #${order.id.slice(0, 8).toUpperCase()}`,
        ),
      ),
      h('span', { className: `status order-status order-status-${order.status}` }, ORDER_STATUS_LABELS[order.status]),
    );
  }

  #item(item: BuyerOrder['items'][number]): HTMLLIElement {
    const currency = this.#order.currency;
    return h(
      'li',
      { className: 'my-order-item' },
      thumbnail(item),
      h(
        'div',
        { className: 'my-order-item-text' },
        h('a', { className: 'my-order-item-title', attrs: { href: `/products/${encodeURIComponent(item.productId)}` } }, item.title),
        h('span', { className: 'muted small' }, `${item.quantity} × ${formatMoney(item.unitPriceCents, currency)}`),
      ),
      h('span', { className: 'my-order-item-price' }, formatMoney(item.unitPriceCents * item.quantity, currency)),
    );
  }

  #summary(): HTMLElement {
    const order = this.#order;
    const shipment = order.shipment;
    const tracking = shipment
      ? h(
          'div',
          { className: 'my-order-tracking' },
          h('span', { className: 'my-order-label' }, 'Tracking'),
          h('span', { className: 'my-order-tracking-number' }, shipment.tracking ?? 'The shop gave no tracking number'),
          h('span', { className: 'muted small' }, `Shipped ${formatDayTime(shipment.shippedAt)}`),
        )
      : null;
    return h(
      'div',
      { className: 'my-order-summary' },
      tracking,
      h(
        'p',
        { className: 'my-order-total' },
        h('span', { className: 'muted' }, 'Total '),
        h('strong', {}, formatMoney(order.totalCents, order.currency)),
      ),
    );
  }

  /** The status in a sentence, what the buyer may do next, the last message, and the review. */
  #footer(): HTMLElement {
    const order = this.#order;
    const buttons: HTMLButtonElement[] = [];
    if (order.status === 'pending_payment' && order.paymentId) {
      buttons.push(this.#button('button button-live pay-now', this.#busy === 'pay' ? 'Paying…' : 'Pay now', () => void this.#pay()));
    }
    if (order.status === 'shipped' || order.status === 'delivered') {
      buttons.push(
        this.#button(
          'button confirm-receipt',
          this.#busy === 'confirm' ? 'Confirming…' : 'Confirm received',
          () => void this.#confirmReceipt(),
        ),
      );
    }
    if (order.canCancel) {
      buttons.push(
        this.#button(
          'button button-outline cancel-order',
          this.#busy === 'cancel' ? 'Cancelling…' : 'Cancel order',
          () => void this.#cancel(),
        ),
      );
    }
    if (order.canRequestRefund) {
      buttons.push(
        this.#button(
          'button button-outline request-refund',
          this.#busy === 'refund' ? 'Requesting…' : 'Request refund',
          () => void this.#requestRefund(),
        ),
      );
    }
    if (order.canReview && !this.#isReviewing) {
      buttons.push(
        this.#button('button button-outline write-review', 'Write a review', () => {
          this.#isReviewing = true;
          this.#problem = undefined;
          this.#render();
          this.#reviewForm.focus();
        }),
      );
    }
    return h(
      'div',
      { className: 'my-order-foot' },
      h('p', { className: 'my-order-note small' }, statusNote(order)),
      this.#refundLine(),
      buttons.length ? h('div', { className: 'my-order-actions' }, ...buttons) : null,
      this.#message(),
      this.#isReviewing && order.canReview ? this.#reviewForm.element : null,
      this.#reviewShown(),
    );
  }

  /** Where the refund request stands: waiting (and until when), declined with the shop's reason, or refunded. */
  #refundLine(): HTMLElement | null {
    const note = refundRequestNote(this.#order);
    const status = this.#order.refundRequest?.status;
    if (!note || !status) return null;
    return h('p', { className: `my-order-refund is-${status}`, attrs: { 'data-refund-status': status } }, note);
  }

  #button(className: string, label: string, onClick: () => void): HTMLButtonElement {
    const button = h('button', { className, attrs: { type: 'button' } }, label);
    // One thing at a time: a second click while the first is on its way would be refused anyway.
    button.disabled = this.#busy !== undefined;
    button.addEventListener('click', onClick);
    return button;
  }

  #message(): HTMLElement | null {
    if (this.#problem)
      return h('p', { className: 'form-error my-order-message my-order-problem', attrs: { role: 'alert' } }, this.#problem);
    if (this.#done) return h('p', { className: 'form-done my-order-message my-order-done', attrs: { role: 'status' } }, this.#done);
    return null;
  }

  /** The review written here (its text as text, never HTML), or a line saying one exists. */
  #reviewShown(): HTMLElement | null {
    const written = this.#written;
    if (written) {
      return h(
        'div',
        { className: 'my-order-review' },
        h('p', { className: 'my-order-label' }, 'Your review'),
        stars(written.rating),
        h('p', { className: 'my-order-review-text' }, written.text),
      );
    }
    return this.#order.hasReview ? h('p', { className: 'muted small my-order-reviewed' }, '✓ You reviewed this order.') : null;
  }
}
