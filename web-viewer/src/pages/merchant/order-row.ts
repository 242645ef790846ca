import { countryName } from '../../lib/address.ts';
import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime, formatMoney } from '../../lib/format.ts';
import type { MerchantOrder, Shipment } from '../../lib/merchant-orders-api.ts';
import { ORDER_STATUS_LABELS, type Order, type OrderStatus, type ShippingAddress } from '../../lib/orders-api.ts';
import { refundReasonLabel } from '../../lib/refund-api.ts';

/** The status pill, in the merchant's words: a paid order is one to ship. */
const MERCHANT_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = { ...ORDER_STATUS_LABELS, paid: 'To ship' };

/** The statuses a merchant may still refund from (the server's transition table). */
const REFUNDABLE: readonly OrderStatus[] = ['paid', 'shipped', 'delivered', 'completed'];

type Action = 'ship' | 'refund' | 'approve' | 'decline';

/** What the row asks of the server; each throws ApiError on a refusal. */
export interface OrderActions {
  ship(orderId: string, shipment: Shipment): Promise<Order>;
  refund(orderId: string): Promise<Order>;
  /** Approves the buyer's open refund request: the order is refunded. */
  approveRefund(orderId: string): Promise<Order>;
  /** Asks for the reason, then declines the open refund request; undefined when the merchant backed out. */
  declineRefund(order: MerchantOrder): Promise<Order | undefined>;
  /** The order as it is now, after a refusal that says it moved on. */
  reload(orderId: string): Promise<Order>;
}

/** A refusal from the API in the merchant's words. */
function problemText(error: unknown, action: Action): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; try again.';
  switch (error.code) {
    case 'GROUP_NOT_COMPLETE':
      return 'This is a group-buy order: it can ship once every member of its group has paid.';
    case 'INVALID_ORDER_TRANSITION':
      return `This order can no longer be ${action === 'ship' ? 'shipped' : 'refunded'}: its status changed meanwhile.`;
    case 'REFUND_REQUEST_ANSWERED':
      return 'This refund request was already answered (or approved automatically when its time ran out).';
    case 'VALIDATION_FAILED':
      return 'Check the carrier and the tracking number: at most 100 characters each.';
    case 'UNAUTHENTICATED':
      return 'You have been signed out; sign in again to continue.';
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return 'This order is not one of yours.';
    default:
      return error.message;
  }
}

const placedAt = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function addressLines(address: ShippingAddress): string[] {
  const cityLine = [address.city, address.region].filter(Boolean).join(', ');
  return [
    address.phone ? `${address.name} · ${address.phone}` : address.name,
    address.line1,
    address.line2 ?? '',
    `${cityLine} ${address.postalCode}`,
    countryName(address.country) ?? address.country,
  ].filter(Boolean);
}

/**
 * One order in the console: what to pack, for whom and where to, with a Ship form while it is
 * paid and a two-step Refund. A refusal shows on the row; after a success the row shows the new status.
 */
export class OrderRow {
  readonly element: HTMLLIElement;
  readonly #actions: OrderActions;
  #order: MerchantOrder;
  #busy: Action | undefined;
  #confirmingRefund = false;
  #problem: string | undefined;
  #done: string | undefined;
  // The form is made once so that what the merchant typed survives a re-render.
  readonly #carrier = h('input', { attrs: { name: 'carrier', autocomplete: 'off', maxlength: '100', placeholder: 'e.g. SF Express' } });
  readonly #tracking = h('input', {
    attrs: { name: 'trackingNumber', autocomplete: 'off', maxlength: '100', placeholder: 'e.g. SF1234567890', 'aria-required': 'true' },
  });
  readonly #shipButton = h('button', { className: 'button ship-button', attrs: { type: 'submit' } }, 'Mark shipped');
  readonly #shipForm = h(
    'form',
    { className: 'ship-form', attrs: { novalidate: '', 'aria-label': 'Ship this order' } },
    h('label', { className: 'field' }, h('span', {}, 'Carrier'), this.#carrier),
    h('label', { className: 'field' }, h('span', {}, 'Tracking number'), this.#tracking),
    this.#shipButton,
  );

  constructor(order: MerchantOrder, actions: OrderActions) {
    this.#order = order;
    this.#actions = actions;
    this.element = h('li', { className: 'order-row' });
    this.#shipForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#ship();
    });
    this.#tracking.addEventListener('input', () => this.#tracking.removeAttribute('aria-invalid'));
    this.#render();
  }

  async #ship(): Promise<void> {
    const trackingNumber = this.#tracking.value.trim();
    const carrier = this.#carrier.value.trim();
    if (!trackingNumber) {
      this.#tracking.setAttribute('aria-invalid', 'true');
      this.#problem = 'Enter the tracking number, so the buyer can follow the parcel.';
      this.#done = undefined;
      this.#render();
      this.#tracking.focus();
      return;
    }
    const shipment = { ...(carrier ? { carrier } : {}), trackingNumber };
    await this.#run(
      'ship',
      () => this.#actions.ship(this.#order.id, shipment),
      `Shipped with ${[carrier, trackingNumber].filter(Boolean).join(' · ')}.`,
    );
  }

  async #refund(): Promise<void> {
    this.#confirmingRefund = false;
    await this.#run('refund', () => this.#actions.refund(this.#order.id), 'Refunded: the buyer gets the money back and the stock returns.');
  }

  async #approveRefund(): Promise<void> {
    await this.#run(
      'approve',
      () => this.#actions.approveRefund(this.#order.id),
      'Refund approved: the buyer gets the money back and the stock returns.',
    );
  }

  async #declineRefund(): Promise<void> {
    await this.#run('decline', () => this.#actions.declineRefund(this.#order), 'Refund declined: the buyer is told why.');
  }

  /** Runs an action; `call` answering undefined means the merchant backed out of its dialog. */
  async #run(action: Action, call: () => Promise<Order | undefined>, doneText: string): Promise<void> {
    this.#busy = action;
    this.#problem = undefined;
    this.#done = undefined;
    this.#render();
    try {
      const updated = await call();
      if (updated) {
        this.#order = { ...this.#order, status: updated.status, waitingForGroup: false, refundRequest: updated.refundRequest };
        this.#done = doneText;
      }
    } catch (error) {
      this.#problem = problemText(error, action);
      if (error instanceof ApiError && (error.code === 'INVALID_ORDER_TRANSITION' || error.code === 'REFUND_REQUEST_ANSWERED')) {
        const now = await this.#actions.reload(this.#order.id).catch(() => undefined);
        if (now) this.#order = { ...this.#order, status: now.status, refundRequest: now.refundRequest };
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
    const waiting = order.status === 'paid' && order.waitingForGroup;
    this.element.classList.toggle('is-waiting', waiting);
    const statusText = waiting ? 'Waiting for the group' : MERCHANT_STATUS_LABELS[order.status];

    const head = h(
      'div',
      { className: 'order-head' },
      h(
        'div',
        {},
        h('span', { className: 'order-buyer' }, order.buyerDisplayName),
        h('span', { className: 'muted small' }, ` · #${order.id.slice(0, 8).toUpperCase()} · ${placedAt(order.createdAt)}`),
      ),
      h(
        'div',
        { className: 'order-head-right' },
        h('span', { className: `status order-status order-status-${waiting ? 'waiting' : order.status}` }, statusText),
        h('strong', { className: 'order-total' }, formatMoney(order.totalCents, order.currency)),
      ),
    );
    const items = h(
      'ul',
      { className: 'order-items' },
      ...order.items.map((item) =>
        h(
          'li',
          {},
          h('span', { className: 'order-qty' }, `${item.quantity} ×`),
          h('span', { className: 'order-item-title' }, item.title),
          h('span', { className: 'order-item-price muted' }, formatMoney(item.unitPriceCents * item.quantity, order.currency)),
        ),
      ),
    );
    const address = h(
      'address',
      { className: 'order-address' },
      h('span', { className: 'order-label' }, 'Ship to'),
      ...(order.shippingAddress
        ? addressLines(order.shippingAddress).map((line) => h('span', {}, line))
        : [h('span', { className: 'muted' }, 'Shown once the order is paid')]),
    );
    const footer = this.#footer(waiting);
    const refund = this.#refundRequest();
    this.element.dataset.refundRequest = order.refundRequest?.status ?? '';
    this.element.replaceChildren(
      head,
      h('div', { className: 'order-body' }, items, address),
      ...(refund ? [refund] : []),
      ...(footer ? [footer] : []),
    );
  }

  /**
   * The buyer's refund request: while open, a "Refund requested" badge with their reason and words,
   * the time left to answer, and Approve / Decline; once answered, a line saying how.
   */
  #refundRequest(): HTMLElement | null {
    const request = this.#order.refundRequest;
    if (!request) return null;
    if (request.status !== 'requested') {
      const text =
        request.status === 'approved'
          ? 'Refund request approved.'
          : `Refund request declined: ${request.declineReason ?? 'no reason given'}`;
      return h('p', { className: `refund-request-answer is-${request.status} small` }, text);
    }
    const approve = h(
      'button',
      { className: 'button approve-refund', attrs: { type: 'button' } },
      this.#busy === 'approve' ? 'Approving…' : `Approve refund of ${formatMoney(this.#order.totalCents, this.#order.currency)}`,
    );
    const decline = h(
      'button',
      { className: 'button button-outline decline-refund', attrs: { type: 'button' } },
      this.#busy === 'decline' ? 'Declining…' : 'Decline…',
    );
    approve.disabled = this.#busy !== undefined;
    decline.disabled = this.#busy !== undefined;
    approve.addEventListener('click', () => void this.#approveRefund());
    decline.addEventListener('click', () => void this.#declineRefund());
    return h(
      'div',
      { className: 'refund-request-box', attrs: { role: 'group', 'aria-label': 'Refund request' } },
      h(
        'p',
        { className: 'refund-request-head' },
        h('span', { className: 'status refund-requested-badge' }, 'Refund requested'),
        h('strong', { className: 'refund-request-reason' }, refundReasonLabel(request.reason)),
      ),
      request.details ? h('p', { className: 'refund-request-details' }, `“${request.details}”`) : null,
      h(
        'p',
        { className: 'muted small' },
        'Answer by ',
        h('time', { attrs: { datetime: request.respondBy } }, formatDayTime(request.respondBy)),
        ': unanswered by then, the refund is approved automatically.',
      ),
      h('div', { className: 'form-actions' }, approve, decline),
    );
  }

  /** The row's actions for its status, with the last message; null when there is neither. */
  #footer(waiting: boolean): HTMLElement | null {
    const order = this.#order;
    if (this.#confirmingRefund) return this.#refundConfirmation();
    const canShip = order.status === 'paid' && !waiting;
    const canRefund = REFUNDABLE.includes(order.status);
    const message = this.#message();
    if (!canShip && !canRefund && !waiting && !message) return null;

    if (canShip) {
      this.#shipButton.textContent = this.#busy === 'ship' ? 'Shipping…' : 'Mark shipped';
      this.#shipButton.disabled = this.#busy !== undefined;
    }
    // Under the form a message takes the whole width; without it, it sits beside the Refund link.
    message?.classList.toggle('below', canShip);
    const note = waiting
      ? h('p', { className: 'muted small order-note' }, 'A group-buy order: it ships once every member of its group has paid.')
      : null;
    return h(
      'div',
      { className: 'order-actions' },
      canShip ? this.#shipForm : null,
      note,
      message,
      canRefund ? this.#refundButton() : null,
    );
  }

  /** What happened last: a refusal, or what the merchant's action did. */
  #message(): HTMLElement | null {
    if (this.#problem) return h('p', { className: 'form-error order-message order-problem', attrs: { role: 'alert' } }, this.#problem);
    if (this.#done) return h('p', { className: 'form-done order-message order-done', attrs: { role: 'status' } }, this.#done);
    return null;
  }

  #refundButton(): HTMLButtonElement {
    const refund = h(
      'button',
      { className: 'link-button danger refund-button', attrs: { type: 'button' } },
      this.#busy === 'refund' ? 'Refunding…' : 'Refund…',
    );
    refund.disabled = this.#busy !== undefined;
    refund.addEventListener('click', () => {
      this.#confirmingRefund = true;
      this.#problem = undefined;
      this.#done = undefined;
      this.#render();
    });
    return refund;
  }

  /** The refund's second step: the amount and who gets it, then Refund or Keep. */
  #refundConfirmation(): HTMLElement {
    const order = this.#order;
    const total = formatMoney(order.totalCents, order.currency);
    const confirm = h('button', { className: 'button button-live refund-confirm', attrs: { type: 'button' } }, `Refund ${total}`);
    const keep = h('button', { className: 'button button-outline refund-cancel', attrs: { type: 'button' } }, 'Keep the order');
    confirm.addEventListener('click', () => void this.#refund());
    keep.addEventListener('click', () => {
      this.#confirmingRefund = false;
      this.#render();
    });
    return h(
      'div',
      { className: 'order-actions refund-confirmation', attrs: { role: 'group', 'aria-label': 'Confirm the refund' } },
      h(
        'p',
        { className: 'small' },
        `Refund ${total} to ${order.buyerDisplayName}? The stock comes back and commissions on it are reversed.`,
      ),
      h('div', { className: 'form-actions' }, confirm, keep),
    );
  }
}
