import { ApiError } from '../../lib/api.ts';
import { CountedTextarea } from '../../lib/counted-textarea.ts';
import { DialogActions } from '../../lib/dialog-actions.ts';
import { DialogOutcome } from '../../lib/dialog-outcome.ts';
import { FormError } from '../../lib/form-error.ts';
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
  readonly #outcome = new DialogOutcome<Order | undefined>(undefined);

  constructor(deps: { decline: (orderId: string, reason: string) => Promise<Order> }) {
    this.#decline = deps.decline;
    this.#modal = new ModalDialog({
      id: 'decline-refund-dialog',
      className: 'decline-refund-dialog',
      labelledBy: 'decline-refund-title',
      onClose: () => this.#outcome.settle(),
    });
  }

  /** Asks for the reason and declines; resolves with the order once declined, or undefined when the merchant backed out. */
  open(order: MerchantOrder): Promise<Order | undefined> {
    const outcome = this.#outcome.next();
    const reason = new CountedTextarea({
      id: 'decline-reason',
      name: 'reason',
      label: 'Why do you decline?',
      rows: 3,
      maxLength: DECLINE_REASON_MAX,
      placeholder: 'e.g. The tracking shows the parcel was delivered to your locker on Monday',
      isRequired: true,
    });
    const error = new FormError('decline-error');
    const actions = new DialogActions({
      confirmId: 'decline-confirm',
      confirmLabel: 'Decline refund',
      busyLabel: 'Declining…',
      isDanger: true,
      onCancel: () => this.#modal.close(),
    });
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      actions.busy = isBusy;
      reason.textarea.readOnly = isBusy;
    };
    const form = this.#modal.showForm(
      {
        title: 'Decline the refund?',
        text: `${order.buyerDisplayName} reads your reason. The order then settles as usual; they may still contact you.`,
      },
      reason.element,
      error.element,
      actions.element,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (actions.confirm.disabled) return;
      const text = reason.textarea.value.trim();
      if (text.length < DECLINE_REASON_MIN) {
        error.showFor(reason.textarea, `Write the reason (at least ${DECLINE_REASON_MIN} characters): the buyer reads it.`);
        return;
      }
      error.clear();
      setBusy(true);
      this.#decline(order.id, text).then(
        (declined) => {
          setBusy(false);
          this.#outcome.record(declined);
          this.#modal.close();
        },
        (failure: unknown) => {
          setBusy(false);
          error.show(problemText(failure));
        },
      );
    });
    reason.textarea.focus();
    return outcome;
  }
}
