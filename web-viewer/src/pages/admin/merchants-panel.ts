import { listMerchants, type MerchantAccount } from '../../lib/admin-api.ts';
import { byId, h } from '../../lib/dom.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import type { AdminActions } from './admin-actions.ts';
import { type MerchantActions, MerchantRow } from './merchant-row.ts';
import { listFailure } from './problem-text.ts';

type StatusFilter = 'all' | 'active' | 'suspended';

const SEARCH_DELAY_MS = 300;

const isStatusFilter = (value: string | undefined): value is StatusFilter => value === 'all' || value === 'active' || value === 'suspended';

const placeholders = () =>
  Array.from({ length: 3 }, () =>
    h('li', { className: 'merchant-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span')),
  );

/** The Merchants tab: merchant accounts found by name or email, filtered by status, with Suspend and Reinstate. */
export class MerchantsPanel {
  readonly #search = byId('merchant-search', HTMLFormElement);
  readonly #query = byId('merchant-q', HTMLInputElement);
  readonly #filters = byId('merchant-filters');
  readonly #pages: PagedList<MerchantAccount>;
  readonly #rowActions: MerchantActions;
  #status: StatusFilter = 'all';
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: { token: () => string; actions: AdminActions; handlesError: (error: unknown) => boolean }) {
    const { actions } = deps;
    this.#rowActions = {
      suspend: (m) => actions.suspend({ id: m.id, name: m.displayName }),
      reinstate: (m) => actions.reinstate({ id: m.id, name: m.displayName }),
    };
    this.#pages = new PagedList({
      fetchPage: (cursor) => listMerchants(deps.token(), this.#filter(), cursor),
      handlesError: deps.handlesError,
      view: new PagedListElements({
        list: byId('merchant-list', HTMLUListElement),
        state: byId('merchants-state'),
        more: byId('merchants-more', HTMLButtonElement),
        moreError: byId('merchants-more-error'),
        rows: (items) => items.map((item) => new MerchantRow(item, this.#rowActions).element),
        placeholders,
        empty: () => this.#emptyState(),
        failure: (error, retry) => listFailure('merchants', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
      chip.addEventListener('click', () => {
        if (!isStatusFilter(chip.dataset.status)) return;
        this.#status = chip.dataset.status;
        void this.show();
      });
    }
    this.#search.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.#searchTimer);
      void this.show();
    });
    this.#query.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => void this.show(), SEARCH_DELAY_MS);
    });
  }

  /** Loads the first page for the search and filter shown (again). */
  async show(): Promise<void> {
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.status === this.#status));
    }
    await this.#pages.reload();
  }

  clear(): void {
    this.#pages.clear();
  }

  #filter(): { q?: string; status?: 'active' | 'suspended' } {
    const q = this.#query.value.trim();
    return { ...(q ? { q } : {}), ...(this.#status === 'all' ? {} : { status: this.#status }) };
  }

  #emptyState(): HTMLElement[] {
    const q = this.#query.value.trim();
    if (q)
      return emptyState(
        'No merchant matches',
        `No ${this.#status === 'all' ? '' : `${this.#status} `}merchant has “${q}” in their name or email.`,
      );
    if (this.#status === 'suspended') return emptyState('No suspended merchants', 'Merchants you suspend appear here until reinstated.');
    return emptyState('No merchants yet', 'Accounts with the merchant role appear here.');
  }
}
