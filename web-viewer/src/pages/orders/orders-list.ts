import { ApiError } from '../../lib/api.ts';
import { byId, h } from '../../lib/dom.ts';
import { loadFailure } from '../../lib/load-failure.ts';
import { type BuyerOrder, listMyOrders } from '../../lib/my-orders-api.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import type { Session } from '../../lib/session.ts';
import { OrderCard, type OrderCardActions } from './order-card.ts';

const PAGE_SIZE = 10;
/** The most a refresh reads back in one call (the API's limit). */
const MAX_REFRESH = 100;
const REFRESH_DELAY_MS = 300;

/** Placeholders shaped like order cards while the first page loads. */
const placeholders = () =>
  Array.from({ length: 2 }, () =>
    h('li', { className: 'my-order is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'), h('span')),
  );

const noOrders = () =>
  emptyState(
    'No orders yet',
    'What you buy in a live show or on a product page shows up here, with its tracking once it ships.',
    h('a', { className: 'button', attrs: { href: '/' } }, 'See who is live'),
  );

/**
 * The signed-in buyer's orders, newest first, a page at a time. `refresh()` reads the orders shown
 * again and updates their cards in place (an order moved while the page was open), so a review
 * being written keeps its text.
 */
export class OrdersList {
  readonly #list = byId('my-order-list', HTMLUListElement);
  readonly #session: () => Session | undefined;
  readonly #onSignedOut: () => void;
  readonly #actions: OrderCardActions;
  readonly #cards = new Map<string, OrderCard>();
  readonly #elements: PagedListElements<BuyerOrder>;
  readonly #pages: PagedList<BuyerOrder>;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: {
    session: () => Session | undefined;
    /** The server no longer knows the session (401): the page asks to sign in again. */
    onSignedOut: () => void;
    actions: Omit<OrderCardActions, 'refresh'>;
  }) {
    this.#session = deps.session;
    this.#onSignedOut = deps.onSignedOut;
    this.#actions = { ...deps.actions, refresh: () => this.refreshSoon() };
    this.#elements = new PagedListElements({
      list: this.#list,
      state: byId('orders-state'),
      more: byId('orders-more', HTMLButtonElement),
      moreError: byId('orders-more-error'),
      rows: (orders) => this.#newCards(orders),
      placeholders,
      empty: noOrders,
      failure: (error, retry) => loadFailure('orders', error, retry),
      onMore: () => void this.#pages.loadMore(),
    });
    this.#pages = new PagedList({
      fetchPage: (cursor) => listMyOrders(this.#token(), { limit: PAGE_SIZE, cursor }),
      view: this.#elements,
      handlesError: (error) => this.#isSignedOut(error),
    });
  }

  /** Loads the first page (again). */
  async load(): Promise<void> {
    this.#cards.clear();
    await this.#pages.reload();
  }

  /** Forgets the orders shown (after signing out). */
  clear(): void {
    this.#cards.clear();
    this.#pages.clear();
  }

  /** Reads the shown orders again shortly; several calls in a row make one request. */
  refreshSoon(): void {
    if (this.#refreshTimer) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = undefined;
      void this.#refresh();
    }, REFRESH_DELAY_MS);
  }

  async #refresh(): Promise<void> {
    const isCurrent = this.#pages.currentCheck();
    if (!isCurrent() || !this.#session()) return;
    const shown = this.#cards.size;
    try {
      const page = await listMyOrders(this.#token(), { limit: Math.min(MAX_REFRESH, Math.max(PAGE_SIZE, shown)) });
      if (!isCurrent()) return;
      const fresh = page.items.map((order) => this.#cardFor(order));
      const freshIds = new Set(fresh.map((card) => card.orderId));
      // Orders beyond what one call reads back stay as they were, after the fresh ones.
      const rest = [...this.#cards.values()].filter((card) => !freshIds.has(card.orderId));
      this.#list.replaceChildren(...fresh.map((card) => card.element), ...rest.map((card) => card.element));
      if (rest.length === 0) this.#pages.setNextCursor(page.nextCursor);
      this.#elements.showState(page.items.length === 0 ? noOrders() : undefined);
    } catch (error) {
      // The cards keep what they showed; the next update or a reload tries again.
      this.#isSignedOut(error);
    }
  }

  /** The cards to add for a page; an order already shown (the list moved meanwhile) is updated, not shown twice. */
  #newCards(orders: BuyerOrder[]): HTMLElement[] {
    const added = orders.filter((order) => !this.#cards.has(order.id));
    for (const order of orders) this.#cards.get(order.id)?.update(order);
    return added.map((order) => this.#cardFor(order).element);
  }

  #cardFor(order: BuyerOrder): OrderCard {
    const existing = this.#cards.get(order.id);
    if (existing) {
      existing.update(order);
      return existing;
    }
    const card = new OrderCard(order, this.#actions);
    this.#cards.set(order.id, card);
    return card;
  }

  #token(): string {
    return this.#session()?.token ?? '';
  }

  /** True (and the page told) when the answer says the session is gone. */
  #isSignedOut(error: unknown): boolean {
    if (!(error instanceof ApiError && error.status === 401)) return false;
    this.#onSignedOut();
    return true;
  }
}
