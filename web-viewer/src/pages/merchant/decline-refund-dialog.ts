import { ApiError } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import type { MerchantOrder } from '../../lib/merchant-orders-api.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import type { Order } from '../../lib/orders-api.ts';
import { DECLINE_REASON_MAX, DECLINE_REASON_MIN } from '../../lib/refund-api.ts';

/** A refusal in the merchant's words. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; try again.';
  switch (error.code) {
    case 'REFUND_REQUEST_ANSWERED':
      return 'This request was already answered (or approved automatically when its time ran out).';
    case 'VALIDATION_FAILED':
      return `Write the reason in ${DECLINE_REASON_MIN} to ${DECLINE_REASON_MAX} characters.`;
    case 'UNAUTHENTICATED':
      return 'You have been signed out; sign in again to continue.';
    default:
      return error.message;
  }
}

/**
 * "Decline the refund?": the reason the buyer will read (3–500 characters), then Decline. It stays
 * open, with the problem under the form, until the server took the answer.
 */
export class DeclineRefundDialog {
  readonly #modal: ModalDialog;
  readonly #decline: (orderId: string, reason: string) => Promise<Order>;
  #declined: Order | undefined;
  #settle: ((order: Order | undefined) => void) | undefined;

  constructor(deps: { decline: (orderId: string, reason: string) => Promise<Order> }) {
    this.#decline = deps.decline;
    this.#modal = new ModalDialog({
      id: 'decline-refund-dialog',
      className: 'decline-refund-dialog',
      labelledBy: 'decline-refund-title',
      onClose: () => this.#finish(),
    });
  }

  /** Asks for the reason and declines; resolves with the order once declined, or undefined when the merchant backed out. */
  open(order: MerchantOrder): Promise<Order | undefined> {
    this.#finish();
    this.#declined = undefined;
    const reason = h('textarea', {
      attrs: {
        id: 'decline-reason',
        name: 'reason',
        rows: '3',
        maxlength: String(DECLINE_REASON_MAX),
        'aria-required': 'true',
        placeholder: 'e.g. The tracking shows the parcel was delivered to your locker on Monday',
      },
    });
    const count = h('span', { className: 'muted small field-count' }, `0 / ${DECLINE_REASON_MAX}`);
    reason.addEventListener('input', () => {
      count.textContent = `${reason.value.length} / ${DECLINE_REASON_MAX}`;
      reason.removeAttribute('aria-invalid');
    });
    const error = h('p', { className: 'form-error', attrs: { role: 'alert', id: 'decline-error' } });
    show(error, false);
    const confirm = h('button', { className: 'button button-live', attrs: { type: 'submit', id: 'decline-confirm' } }, 'Decline refund');
    const cancel = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Cancel');
    cancel.addEventListener('click', () => this.#modal.close());
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      confirm.disabled = isBusy;
      cancel.disabled = isBusy;
      reason.readOnly = isBusy;
      confirm.textContent = isBusy ? 'Declining…' : 'Decline refund';
    };
    const form = h(
      'form',
      { className: 'modal-form', attrs: { novalidate: '' } },
      this.#modal.closeButton(),
      h('h2', { className: 'modal-title', attrs: { id: 'decline-refund-title' } }, 'Decline the refund?'),
      h(
        'p',
        { className: 'muted small' },
        `${order.buyerDisplayName} reads your reason. The order then settles as usual; they may still contact you.`,
      ),
      h('label', { className: 'field' }, h('span', { className: 'field-label-row' }, h('span', {}, 'Why do you decline?'), count), reason),
      error,
      h('div', { className: 'form-actions modal-actions' }, cancel, confirm),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (confirm.disabled) return;
      const text = reason.value.trim();
      if (text.length < DECLINE_REASON_MIN) {
        reason.setAttribute('aria-invalid', 'true');
        error.textContent = `Write the reason (at least ${DECLINE_REASON_MIN} characters): the buyer reads it.`;
        show(error, true);
        reason.focus();
        return;
      }
      show(error, false);
      setBusy(true);
      this.#decline(order.id, text).then(
        (declined) => {
          setBusy(false);
          this.#declined = declined;
          this.#modal.close();
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

  #finish(): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(this.#declined);
  }
}
