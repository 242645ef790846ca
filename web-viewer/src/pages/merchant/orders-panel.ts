import { byId, h } from '../../lib/dom.ts';
import { loadFailure } from '../../lib/load-failure.ts';
import { listMerchantOrders, type MerchantOrder, refundOrder, shipOrder } from '../../lib/merchant-orders-api.ts';
import { getOrder, type OrderStatus } from '../../lib/orders-api.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import { approveRefundRequest, declineRefundRequest } from '../../lib/refund-api.ts';
import { DeclineRefundDialog } from './decline-refund-dialog.ts';
import { type OrderActions, OrderRow } from './order-row.ts';

/** The filter chips: paid orders are the ones to ship; `refunds` are the buyers' refund requests waiting for an answer. */
type Tab = 'paid' | 'shipped' | 'refunds' | 'all';

const EMPTY: Record<Tab, { title: string; text: string }> = {
  paid: { title: 'Nothing to ship', text: 'Paid orders appear here, ready to pack and ship.' },
  shipped: { title: 'No shipped orders', text: 'Orders you mark shipped move here until the buyer has them.' },
  refunds: { title: 'No refund requests', text: 'When a buyer asks for their money back, the request waits here for your answer.' },
  all: { title: 'No orders yet', text: 'When buyers order your products, their orders appear here.' },
};

const TABS: readonly string[] = ['paid', 'shipped', 'refunds', 'all'] satisfies Tab[];
const isTab = (value: string | undefined): value is Tab => value !== undefined && TABS.includes(value);

/** Placeholders shaped like order rows while a page loads. */
const placeholders = () =>
  Array.from({ length: 2 }, () => h('li', { className: 'order-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span')));

/**
 * The Orders section of the console: the merchant's orders by status (to ship, shipped, all) or
 * with a refund request to answer, newest first, a page at a time; each row ships or refunds its
 * order, and approves or declines its refund request.
 */
export class OrdersPanel {
  readonly #filters = byId('order-filters');
  readonly #token: string;
  readonly #actions: OrderActions;
  readonly #pages: PagedList<MerchantOrder>;
  #tab: Tab = 'paid';

  constructor(deps: { token: string }) {
    this.#token = deps.token;
    const token = deps.token;
    const declineDialog = new DeclineRefundDialog({ decline: (orderId, reason) => declineRefundRequest(token, orderId, reason) });
    this.#actions = {
      ship: (orderId, shipment) => shipOrder(token, orderId, shipment),
      refund: (orderId) => refundOrder(token, orderId),
      approveRefund: (orderId) => approveRefundRequest(token, orderId),
      declineRefund: (order) => declineDialog.open(order),
      reload: (orderId) => getOrder(token, orderId),
    };
    this.#pages = new PagedList({
      fetchPage: (cursor) =>
        listMerchantOrders(this.#token, {
          status: this.#status(),
          refundRequest: this.#tab === 'refunds' ? 'open' : undefined,
          cursor,
        }),
      view: new PagedListElements({
        list: byId('order-list', HTMLUListElement),
        state: byId('orders-state'),
        more: byId('orders-more', HTMLButtonElement),
        moreError: byId('orders-more-error'),
        rows: (orders) => orders.map((order) => new OrderRow(order, this.#actions).element),
        placeholders,
        empty: () => emptyState(EMPTY[this.#tab].title, EMPTY[this.#tab].text),
        failure: (error, retry) => loadFailure('orders', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
      chip.addEventListener('click', () => {
        if (isTab(chip.dataset.tab)) void this.showTab(chip.dataset.tab);
      });
    }
  }

  /** Loads the tab's first page (again, when it is the tab shown). */
  async showTab(tab: Tab = this.#tab): Promise<void> {
    this.#tab = tab;
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.tab === tab));
    }
    await this.#pages.reload();
  }

  #status(): OrderStatus | undefined {
    return this.#tab === 'all' || this.#tab === 'refunds' ? undefined : this.#tab;
  }
}
