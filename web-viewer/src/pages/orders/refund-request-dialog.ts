import { ApiError } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatDayTime, formatMoney } from '../../lib/format.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import type { BuyerOrder } from '../../lib/my-orders-api.ts';
import { type CreatedRefundRequest, REFUND_DETAILS_MAX, REFUND_REASONS, type RefundRequestReason } from '../../lib/refund-api.ts';

/** A refusal in the buyer's words. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; check your connection and try again.';
  switch (error.code) {
    case 'REFUND_ALREADY_REQUESTED':
      return 'You already asked for a refund on this order; the shop has not answered yet.';
    case 'RETURN_WINDOW_CLOSED':
      return 'The return window of this order has ended, so a refund can no longer be requested.';
    case 'VALIDATION_FAILED':
      return `Choose a reason, and keep the details under ${REFUND_DETAILS_MAX.toLocaleString()} characters.`;
    case 'UNAUTHENTICATED':
      return 'You have been signed out; sign in again to continue.';
    default:
      return error.message;
  }
}

/**
 * "Request refund": the reason, optional details, then what happens next: the shop answers by the
 * request's respond-by date, or the refund is approved by itself.
 */
export class RefundRequestDialog {
  readonly #modal: ModalDialog;
  readonly #send: (orderId: string, request: { reason: RefundRequestReason; details?: string }) => Promise<CreatedRefundRequest>;
  #created: CreatedRefundRequest | undefined;
  #settle: ((created: CreatedRefundRequest | undefined) => void) | undefined;

  constructor(deps: {
    send: (orderId: string, request: { reason: RefundRequestReason; details?: string }) => Promise<CreatedRefundRequest>;
  }) {
    this.#send = deps.send;
    this.#modal = new ModalDialog({
      id: 'refund-request-dialog',
      className: 'refund-request-dialog',
      labelledBy: 'refund-request-title',
      onClose: () => this.#finish(),
    });
  }

  /** Asks for the order's refund; resolves with the request once sent, or undefined when the buyer backed out. */
  open(order: BuyerOrder): Promise<CreatedRefundRequest | undefined> {
    this.#finish();
    this.#created = undefined;
    const reason = h(
      'select',
      { attrs: { name: 'reason', id: 'refund-reason', required: '' } },
      h('option', { attrs: { value: '', disabled: '', selected: '' } }, 'Choose a reason'),
      ...REFUND_REASONS.map((r) => h('option', { attrs: { value: r.value } }, r.label)),
    );
    const details = h('textarea', {
      attrs: {
        name: 'details',
        id: 'refund-details',
        rows: '4',
        maxlength: String(REFUND_DETAILS_MAX),
        placeholder: 'What happened? A few words help the shop answer quickly (optional)',
      },
    });
    const count = h('span', { className: 'muted small field-count', attrs: { 'aria-live': 'polite' } }, `0 / ${REFUND_DETAILS_MAX}`);
    details.addEventListener('input', () => {
      count.textContent = `${details.value.length} / ${REFUND_DETAILS_MAX}`;
    });
    const error = h('p', { className: 'form-error', attrs: { role: 'alert', id: 'refund-error' } });
    show(error, false);
    const submit = h('button', { className: 'button', attrs: { type: 'submit', id: 'refund-submit' } }, 'Send request');
    const cancel = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Cancel');
    cancel.addEventListener('click', () => this.#modal.close());
    const total = formatMoney(order.totalCents, order.currency);
    const form = h(
      'form',
      { className: 'modal-form', attrs: { novalidate: '' } },
      this.#modal.closeButton(),
      h('h2', { className: 'modal-title', attrs: { id: 'refund-request-title' } }, 'Request a refund'),
      h(
        'p',
        { className: 'muted small' },
        `Ask ${order.merchantDisplayName} for your ${total} back. The shop has a limited time to answer; if it does not, the refund is approved automatically.`,
      ),
      h('label', { className: 'field' }, h('span', {}, 'What went wrong?'), reason),
      h('label', { className: 'field' }, h('span', { className: 'field-label-row' }, h('span', {}, 'Details'), count), details),
      error,
      h('div', { className: 'form-actions modal-actions' }, cancel, submit),
    );
    reason.addEventListener('change', () => {
      reason.removeAttribute('aria-invalid');
      show(error, false);
    });
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      submit.disabled = isBusy;
      cancel.disabled = isBusy;
      details.readOnly = isBusy;
      submit.textContent = isBusy ? 'Sending…' : 'Send request';
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      if (!reason.value) {
        reason.setAttribute('aria-invalid', 'true');
        error.textContent = 'Choose what went wrong, so the shop knows how to help.';
        show(error, true);
        reason.focus();
        return;
      }
      show(error, false);
      setBusy(true);
      const text = details.value.trim();
      this.#send(order.id, { reason: reason.value as RefundRequestReason, ...(text ? { details: text } : {}) }).then(
        (created) => {
          setBusy(false);
          this.#created = created;
          this.#showSent(order, created);
        },
        (failure: unknown) => {
          setBusy(false);
          error.textContent = problemText(failure);
          show(error, true);
        },
      );
    });
    this.#modal.show(form);
    reason.focus();
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  #showSent(order: BuyerOrder, created: CreatedRefundRequest): void {
    const close = h('button', { className: 'button', attrs: { type: 'button' } }, 'Close');
    close.addEventListener('click', () => this.#modal.close());
    this.#modal.show(
      h(
        'div',
        { className: 'modal-done', attrs: { role: 'status', id: 'refund-sent' } },
        this.#modal.closeButton(),
        h('span', { className: 'modal-done-mark', attrs: { 'aria-hidden': 'true' } }, '✓'),
        h('h2', { className: 'modal-title', attrs: { id: 'refund-request-title' } }, 'Refund requested'),
        h(
          'p',
          { className: 'muted small' },
          `${order.merchantDisplayName} answers by `,
          h('time', { className: 'refund-respond-by', attrs: { datetime: created.respondBy } }, formatDayTime(created.respondBy)),
          '. If they do not, your refund is approved automatically.',
        ),
        h('div', { className: 'form-actions modal-actions' }, close),
      ),
    );
    close.focus();
  }

  #finish(): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(this.#created);
  }
}
