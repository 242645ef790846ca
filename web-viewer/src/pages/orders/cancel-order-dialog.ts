import { ApiError } from '../../lib/api.ts';
import { DialogActions } from '../../lib/dialog-actions.ts';
import { DialogOutcome } from '../../lib/dialog-outcome.ts';
import { FormError } from '../../lib/form-error.ts';
import { formatMoney } from '../../lib/format.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import type { BuyerOrder } from '../../lib/my-orders-api.ts';
import type { Order } from '../../lib/orders-api.ts';

/** A refusal in the buyer's words (the server's own sentence says why, e.g. "This order has shipped: …"). */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; check your connection and try again.';
  if (error.code === 'UNAUTHENTICATED') return 'You have been signed out; sign in again to continue.';
  return error.message;
}

/**
 * "Cancel order?": what cancelling does (a paid order's money comes back at once, an unpaid one
 * costs nothing), then Cancel order or Keep it. It closes once the order is cancelled.
 */
export class CancelOrderDialog {
  readonly #modal: ModalDialog;
  readonly #cancel: (orderId: string, idempotencyKey: string) => Promise<Order>;
  readonly #outcome = new DialogOutcome<Order | undefined>(undefined);

  constructor(deps: { cancel: (orderId: string, idempotencyKey: string) => Promise<Order> }) {
    this.#cancel = deps.cancel;
    this.#modal = new ModalDialog({
      id: 'cancel-order-dialog',
      className: 'cancel-order-dialog',
      labelledBy: 'cancel-order-title',
      onClose: () => this.#outcome.settle(),
    });
  }

  /** Asks; resolves with the order once cancelled, or undefined when the buyer kept it. */
  open(order: BuyerOrder): Promise<Order | undefined> {
    const outcome = this.#outcome.next();
    // One key per confirmation: a retry after a lost answer cancels (and refunds) once.
    const idempotencyKey = crypto.randomUUID();
    const isPaid = order.status !== 'pending_payment';
    const total = formatMoney(order.totalCents, order.currency);
    const error = new FormError('cancel-order-error');
    const actions = new DialogActions({
      confirmId: 'cancel-order-confirm',
      confirmLabel: 'Cancel order',
      busyLabel: 'Cancelling…',
      isDanger: true,
      confirmType: 'button',
      cancelId: 'cancel-order-keep',
      cancelLabel: 'Keep the order',
      onCancel: () => this.#modal.close(),
    });
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      actions.busy = isBusy;
    };
    actions.confirm.addEventListener('click', () => {
      setBusy(true);
      error.clear();
      this.#cancel(order.id, idempotencyKey).then(
        (cancelled) => {
          setBusy(false);
          this.#outcome.record(cancelled);
          this.#modal.close();
        },
        (failure: unknown) => {
          setBusy(false);
          error.show(problemText(failure));
        },
      );
    });
    this.#modal.showQuestion(
      {
        title: 'Cancel this order?',
        text: isPaid
          ? `${order.merchantDisplayName} has not shipped it yet: you get ${total} back at once, and nothing ships.`
          : 'Nothing has been charged; the items go back on sale.',
      },
      error.element,
      actions.element,
    );
    actions.cancel.focus();
    return outcome;
  }
}
