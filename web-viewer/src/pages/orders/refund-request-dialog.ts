import { ApiError } from '../../lib/api.ts';
import { CountedTextarea } from '../../lib/counted-textarea.ts';
import { DialogActions } from '../../lib/dialog-actions.ts';
import { DialogOutcome } from '../../lib/dialog-outcome.ts';
import { h } from '../../lib/dom.ts';
import { FormError } from '../../lib/form-error.ts';
import { formatDayTime, formatMoney } from '../../lib/format.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import type { BuyerOrder } from '../../lib/my-orders-api.ts';
import { type CreatedRefundRequest, REFUND_DETAILS_MAX, REFUND_REASONS, type RefundRequestReason } from '../../lib/refund-api.ts';
import { SelectField } from '../../lib/select-field.ts';

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
  readonly #outcome = new DialogOutcome<CreatedRefundRequest | undefined>(undefined);

  constructor(deps: {
    send: (orderId: string, request: { reason: RefundRequestReason; details?: string }) => Promise<CreatedRefundRequest>;
  }) {
    this.#send = deps.send;
    this.#modal = new ModalDialog({
      id: 'refund-request-dialog',
      className: 'refund-request-dialog',
      labelledBy: 'refund-request-title',
      onClose: () => this.#outcome.settle(),
    });
  }

  /** Asks for the order's refund; resolves with the request once sent, or undefined when the buyer backed out. */
  open(order: BuyerOrder): Promise<CreatedRefundRequest | undefined> {
    const outcome = this.#outcome.next();
    const reason = new SelectField({
      id: 'refund-reason',
      name: 'reason',
      label: 'What went wrong?',
      prompt: 'Choose a reason',
      options: REFUND_REASONS,
    });
    const details = new CountedTextarea({
      id: 'refund-details',
      name: 'details',
      label: 'Details',
      rows: 4,
      maxLength: REFUND_DETAILS_MAX,
      placeholder: 'What happened? A few words help the shop answer quickly (optional)',
      announcesCount: true,
    });
    const error = new FormError('refund-error');
    const actions = new DialogActions({
      confirmId: 'refund-submit',
      confirmLabel: 'Send request',
      busyLabel: 'Sending…',
      onCancel: () => this.#modal.close(),
    });
    const total = formatMoney(order.totalCents, order.currency);
    const form = this.#modal.showForm(
      {
        title: 'Request a refund',
        text: `Ask ${order.merchantDisplayName} for your ${total} back. The shop has a limited time to answer; if it does not, the refund is approved automatically.`,
      },
      reason.element,
      details.element,
      error.element,
      actions.element,
    );
    reason.select.addEventListener('change', () => error.clear());
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      actions.busy = isBusy;
      details.textarea.readOnly = isBusy;
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (actions.confirm.disabled) return;
      if (!reason.select.value) {
        error.showFor(reason.select, 'Choose what went wrong, so the shop knows how to help.');
        return;
      }
      error.clear();
      setBusy(true);
      const text = details.textarea.value.trim();
      this.#send(order.id, { reason: reason.select.value as RefundRequestReason, ...(text ? { details: text } : {}) }).then(
        (created) => {
          setBusy(false);
          this.#outcome.record(created);
          this.#showSent(order, created);
        },
        (failure: unknown) => {
          setBusy(false);
          error.show(problemText(failure));
        },
      );
    });
    reason.select.focus();
    return outcome;
  }

  #showSent(order: BuyerOrder, created: CreatedRefundRequest): void {
    this.#modal.showDone({
      id: 'refund-sent',
      title: 'Refund requested',
      text: [
        `${order.merchantDisplayName} answers by `,
        h('time', { className: 'refund-respond-by', attrs: { datetime: created.respondBy } }, formatDayTime(created.respondBy)),
        '. If they do not, your refund is approved automatically.',
      ],
    });
  }
}
