import { ApiError } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { loadFailure } from '../../lib/load-failure.ts';
import { type BuyerOrder, listMyOrders } from '../../lib/my-orders-api.ts';
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

function emptyState(): HTMLElement[] {
  return [
    h('p', { className: 'panel-state-title' }, 'No orders yet'),
    h(
      'p',
      { className: 'muted small' },
      'What you buy in a live show or on a product page shows up here, with its tracking once it ships.',
    ),
    h('a', { className: 'button', attrs: { href: '/' } }, 'See who is live'),
  ];
}

/**
 * The signed-in buyer's orders, newest first, a page at a time. `refresh()` reads the orders shown
 * again and updates their cards in place (an order moved while the page was open), so a review
 * being written keeps its text.
 */
export class OrdersList {
  readonly #list = byId('my-order-list', HTMLUListElement);
  readonly #state = byId('orders-state');
  readonly #more = byId('orders-more', HTMLButtonElement);
  readonly #moreError = byId('orders-more-error');
  readonly #session: () => Session | undefined;
  readonly #onSignedOut: () => void;
  readonly #actions: OrderCardActions;
  readonly #cards = new Map<string, OrderCard>();
  #cursor: string | undefined;
  /** Bumped on every fresh load, so an answer for an older one is dropped. */
  #generation = 0;
  #isLoading = false;
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
    this.#more.addEventListener('click', () => void this.#loadMore());
  }

  /** Loads the first page (again). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#isLoading = true;
    this.#cards.clear();
    this.#cursor = undefined;
    this.#list.replaceChildren(...placeholders());
    this.#list.setAttribute('aria-busy', 'true');
    this.#showState(undefined);
    show(this.#more, false);
    show(this.#moreError, false);
    try {
      const page = await listMyOrders(this.#token(), { limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      this.#list.replaceChildren(...page.items.map((order) => this.#cardFor(order).element));
      this.#cursor = page.nextCursor;
      show(this.#more, Boolean(page.nextCursor));
      if (page.items.length === 0) this.#showState(emptyState());
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#list.replaceChildren();
      if (this.#isSignedOut(error)) return;
      this.#showState(loadFailure('orders', error, () => void this.load()));
    } finally {
      if (generation === this.#generation) {
        this.#isLoading = false;
        this.#list.setAttribute('aria-busy', 'false');
      }
    }
  }

  /** Forgets the orders shown (after signing out). */
  clear(): void {
    this.#generation++;
    this.#isLoading = false;
    this.#cards.clear();
    this.#list.replaceChildren();
    this.#showState(undefined);
    show(this.#more, false);
    show(this.#moreError, false);
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
    if (this.#isLoading || !this.#session()) return;
    const generation = this.#generation;
    const shown = this.#cards.size;
    try {
      const page = await listMyOrders(this.#token(), { limit: Math.min(MAX_REFRESH, Math.max(PAGE_SIZE, shown)) });
      if (generation !== this.#generation) return;
      const fresh = page.items.map((order) => this.#cardFor(order));
      const freshIds = new Set(fresh.map((card) => card.orderId));
      // Orders beyond what one call reads back stay as they were, after the fresh ones.
      const rest = [...this.#cards.values()].filter((card) => !freshIds.has(card.orderId));
      this.#list.replaceChildren(...fresh.map((card) => card.element), ...rest.map((card) => card.element));
      if (rest.length === 0) {
        this.#cursor = page.nextCursor;
        show(this.#more, Boolean(page.nextCursor));
      }
      this.#showState(page.items.length === 0 ? emptyState() : undefined);
    } catch (error) {
      // The cards keep what they showed; the next update or a reload tries again.
      this.#isSignedOut(error);
    }
  }

  async #loadMore(): Promise<void> {
    const generation = this.#generation;
    this.#more.disabled = true;
    this.#more.textContent = 'Loading…';
    show(this.#moreError, false);
    try {
      const page = await listMyOrders(this.#token(), { limit: PAGE_SIZE, cursor: this.#cursor });
      if (generation !== this.#generation) return;
      // An order already shown (the list moved meanwhile) is updated, not shown twice.
      const added = page.items.filter((order) => !this.#cards.has(order.id));
      for (const order of page.items) this.#cards.get(order.id)?.update(order);
      this.#list.append(...added.map((order) => this.#cardFor(order).element));
      this.#cursor = page.nextCursor;
      show(this.#more, Boolean(page.nextCursor));
    } catch (error) {
      if (generation === this.#generation && !this.#isSignedOut(error)) show(this.#moreError, true);
    } finally {
      this.#more.disabled = false;
      this.#more.textContent = 'Show older orders';
    }
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

  #showState(content: HTMLElement[] | undefined): void {
    this.#state.replaceChildren(...(content ?? []));
    show(this.#state, Boolean(content));
  }
}
