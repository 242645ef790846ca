import { ApiError } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
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
  #cancelled: Order | undefined;
  #settle: ((order: Order | undefined) => void) | undefined;

  constructor(deps: { cancel: (orderId: string, idempotencyKey: string) => Promise<Order> }) {
    this.#cancel = deps.cancel;
    this.#modal = new ModalDialog({
      id: 'cancel-order-dialog',
      className: 'cancel-order-dialog',
      labelledBy: 'cancel-order-title',
      onClose: () => this.#finish(),
    });
  }

  /** Asks; resolves with the order once cancelled, or undefined when the buyer kept it. */
  open(order: BuyerOrder): Promise<Order | undefined> {
    this.#finish();
    this.#cancelled = undefined;
    // One key per confirmation: a retry after a lost answer cancels (and refunds) once.
    const idempotencyKey = crypto.randomUUID();
    const isPaid = order.status !== 'pending_payment';
    const total = formatMoney(order.totalCents, order.currency);
    const error = h('p', { className: 'form-error', attrs: { role: 'alert', id: 'cancel-order-error' } });
    show(error, false);
    const confirm = h('button', { className: 'button button-live', attrs: { type: 'button', id: 'cancel-order-confirm' } }, 'Cancel order');
    const keep = h('button', { className: 'button button-outline', attrs: { type: 'button', id: 'cancel-order-keep' } }, 'Keep the order');
    keep.addEventListener('click', () => this.#modal.close());
    confirm.addEventListener('click', () => {
      this.#modal.busy = true;
      confirm.disabled = true;
      keep.disabled = true;
      confirm.textContent = 'Cancelling…';
      show(error, false);
      this.#cancel(order.id, idempotencyKey).then(
        (cancelled) => {
          this.#modal.busy = false;
          this.#cancelled = cancelled;
          this.#modal.close();
        },
        (failure: unknown) => {
          this.#modal.busy = false;
          confirm.disabled = false;
          keep.disabled = false;
          confirm.textContent = 'Cancel order';
          error.textContent = problemText(failure);
          show(error, true);
        },
      );
    });
    this.#modal.show(
      h(
        'div',
        { className: 'modal-form' },
        this.#modal.closeButton(),
        h('h2', { className: 'modal-title', attrs: { id: 'cancel-order-title' } }, 'Cancel this order?'),
        h(
          'p',
          { className: 'muted small' },
          isPaid
            ? `${order.merchantDisplayName} has not shipped it yet: you get ${total} back at once, and nothing ships.`
            : 'Nothing has been charged; the items go back on sale.',
        ),
        error,
        h('div', { className: 'form-actions modal-actions' }, keep, confirm),
      ),
    );
    keep.focus();
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  #finish(): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(this.#cancelled);
  }
}
