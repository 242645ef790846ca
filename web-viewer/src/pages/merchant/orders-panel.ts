import { byId, h, show } from '../../lib/dom.ts';
import { loadFailure } from '../../lib/load-failure.ts';
import { listMerchantOrders, type MerchantOrder, refundOrder, shipOrder } from '../../lib/merchant-orders-api.ts';
import { getOrder, type OrderStatus } from '../../lib/orders-api.ts';
import { type OrderActions, OrderRow } from './order-row.ts';

/** The filter chips: paid orders are the ones to ship. */
type Tab = 'paid' | 'shipped' | 'all';

const EMPTY: Record<Tab, { title: string; text: string }> = {
  paid: { title: 'Nothing to ship', text: 'Paid orders appear here, ready to pack and ship.' },
  shipped: { title: 'No shipped orders', text: 'Orders you mark shipped move here until the buyer has them.' },
  all: { title: 'No orders yet', text: 'When buyers order your products, their orders appear here.' },
};

const isTab = (value: string | undefined): value is Tab => value === 'paid' || value === 'shipped' || value === 'all';

/** Placeholders shaped like order rows while a page loads. */
const placeholders = () =>
  Array.from({ length: 2 }, () => h('li', { className: 'order-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span')));

/**
 * The Orders section of the console: the merchant's orders by status (to ship, shipped, all),
 * newest first, a page at a time; each row ships or refunds its order.
 */
export class OrdersPanel {
  readonly #filters = byId('order-filters');
  readonly #list = byId('order-list', HTMLUListElement);
  readonly #state = byId('orders-state');
  readonly #more = byId('orders-more', HTMLButtonElement);
  readonly #moreError = byId('orders-more-error');
  readonly #token: string;
  readonly #actions: OrderActions;
  #tab: Tab = 'paid';
  #cursor: string | undefined;
  /** Bumped on every fresh load, so an answer for a tab no longer shown is dropped. */
  #generation = 0;

  constructor(deps: { token: string }) {
    this.#token = deps.token;
    const token = deps.token;
    this.#actions = {
      ship: (orderId, shipment) => shipOrder(token, orderId, shipment),
      refund: (orderId) => refundOrder(token, orderId),
      reload: (orderId) => getOrder(token, orderId),
    };
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
      chip.addEventListener('click', () => {
        if (isTab(chip.dataset.tab)) void this.showTab(chip.dataset.tab);
      });
    }
    this.#more.addEventListener('click', () => void this.#loadMore());
  }

  /** Loads the tab's first page (again, when it is the tab shown). */
  async showTab(tab: Tab = this.#tab): Promise<void> {
    this.#tab = tab;
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.tab === tab));
    }
    const generation = ++this.#generation;
    this.#cursor = undefined;
    this.#list.replaceChildren(...placeholders());
    this.#list.setAttribute('aria-busy', 'true');
    this.#showState(undefined);
    show(this.#more, false);
    show(this.#moreError, false);
    try {
      const page = await listMerchantOrders(this.#token, { status: this.#status() });
      if (generation !== this.#generation) return;
      this.#list.replaceChildren(...this.#rows(page.items));
      this.#cursor = page.nextCursor;
      show(this.#more, Boolean(page.nextCursor));
      if (page.items.length === 0) this.#showState(this.#emptyState());
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#list.replaceChildren();
      this.#showState(loadFailure('orders', error, () => void this.showTab()));
    } finally {
      if (generation === this.#generation) this.#list.setAttribute('aria-busy', 'false');
    }
  }

  async #loadMore(): Promise<void> {
    const generation = this.#generation;
    this.#more.disabled = true;
    this.#more.textContent = 'Loading…';
    show(this.#moreError, false);
    try {
      const page = await listMerchantOrders(this.#token, { status: this.#status(), cursor: this.#cursor });
      if (generation !== this.#generation) return;
      this.#list.append(...this.#rows(page.items));
      this.#cursor = page.nextCursor;
      show(this.#more, Boolean(page.nextCursor));
    } catch {
      if (generation === this.#generation) show(this.#moreError, true);
    } finally {
      this.#more.disabled = false;
      this.#more.textContent = 'Show older orders';
    }
  }

  #status(): OrderStatus | undefined {
    return this.#tab === 'all' ? undefined : this.#tab;
  }

  #rows(orders: MerchantOrder[]): HTMLLIElement[] {
    return orders.map((order) => new OrderRow(order, this.#actions).element);
  }

  #emptyState(): HTMLElement[] {
    const { title, text } = EMPTY[this.#tab];
    return [h('p', { className: 'panel-state-title' }, title), h('p', { className: 'muted small' }, text)];
  }

  #showState(content: HTMLElement[] | undefined): void {
    this.#state.replaceChildren(...(content ?? []));
    show(this.#state, Boolean(content));
  }
}
