import './store-requests.css';
import { approveStore, declineStore, listStoreRequests, type StoreRequestView } from '../../lib/accounts-api.ts';
import { addressLine } from '../../lib/address-fields.ts';
import { ApiError } from '../../lib/api.ts';
import { byId, h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import { listFailure, problemText } from './problem-text.ts';
import type { ReasonDialog } from './reason-dialog.ts';

type Status = 'pending' | 'approved' | 'declined';

const STORE_PROBLEMS: Record<string, string> = {
  STORE_REQUEST_NOT_PENDING: 'Another admin has already answered this request: reload the list.',
};

const storeProblem = (error: unknown) =>
  error instanceof ApiError && STORE_PROBLEMS[error.code] ? (STORE_PROBLEMS[error.code] as string) : problemText(error);

/**
 * The Stores tab: requests to sell as a merchant (MERCHANT_APPROVAL=admin) with the store's name,
 * logo and return address; Approve makes the user a merchant, Decline tells them why. The tab and
 * its panel are added after the Merchants tab by `mount()`.
 */
export class StoreRequestsPanel {
  readonly #token: () => string;
  readonly #dialog: ReasonDialog;
  readonly #pages: PagedList<StoreRequestView>;
  #status: Status = 'pending';

  constructor(deps: { token: () => string; dialog: ReasonDialog; handlesError: (error: unknown) => boolean }) {
    this.#token = deps.token;
    this.#dialog = deps.dialog;
    StoreRequestsPanel.mount();
    for (const chip of byId('store-filters').querySelectorAll<HTMLButtonElement>('button[data-status]')) {
      chip.addEventListener('click', () => {
        this.#status = chip.dataset.status as Status;
        for (const other of byId('store-filters').querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === chip));
        void this.show();
      });
    }
    this.#pages = new PagedList({
      fetchPage: (cursor) => listStoreRequests(this.#token(), this.#status, cursor),
      handlesError: deps.handlesError,
      view: new PagedListElements({
        list: byId('store-list', HTMLUListElement),
        state: byId('stores-state'),
        more: byId('stores-more', HTMLButtonElement),
        moreError: byId('stores-more-error'),
        rows: (items) => items.map((item) => this.#row(item)),
        placeholders: () => [h('li', { className: 'store-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'))],
        empty: () =>
          this.#status === 'pending'
            ? emptyState('No stores waiting', 'New store requests appear here when MERCHANT_APPROVAL is admin.')
            : emptyState(`No ${this.#status} stores`, 'Answered requests are listed here, newest first.'),
        failure: (error, retry) => listFailure('store requests', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
  }

  /** Adds the Stores tab and its panel to the console (admin.html lists the other tabs). */
  static mount(): void {
    if (document.getElementById('tab-stores')) return;
    byId('tab-merchants').after(
      h(
        'button',
        {
          className: 'admin-tab',
          attrs: {
            type: 'button',
            role: 'tab',
            id: 'tab-stores',
            'aria-controls': 'panel-stores',
            'aria-selected': 'false',
            tabindex: '-1',
          },
        },
        'Stores',
      ),
    );
    const chip = (status: Status, label: string) =>
      h(
        'button',
        { className: 'chip', attrs: { type: 'button', 'data-status': status, 'aria-pressed': String(status === 'pending') } },
        label,
      );
    const panel = h(
      'section',
      { className: 'card admin-panel', attrs: { id: 'panel-stores', role: 'tabpanel', 'aria-labelledby': 'tab-stores' } },
      h(
        'div',
        { className: 'admin-panel-head' },
        h(
          'div',
          {},
          h('h2', { className: 'card-title' }, 'Stores'),
          h('p', { className: 'muted small' }, 'Requests to sell as a merchant: approve them, or decline with a reason the person reads.'),
        ),
        h(
          'fieldset',
          { className: 'chip-row', attrs: { id: 'store-filters' } },
          h('legend', { className: 'visually-hidden' }, 'Show store requests'),
          chip('pending', 'Waiting'),
          chip('approved', 'Approved'),
          chip('declined', 'Declined'),
        ),
      ),
      h('ul', { className: 'admin-list store-list', attrs: { id: 'store-list', 'aria-live': 'polite', 'aria-busy': 'true' } }),
      h('div', { className: 'panel-state', attrs: { id: 'stores-state', hidden: '' } }),
      h(
        'div',
        { className: 'list-more' },
        h('button', { className: 'button button-outline', attrs: { type: 'button', id: 'stores-more', hidden: '' } }, 'Show more'),
        h(
          'p',
          { className: 'form-error', attrs: { id: 'stores-more-error', role: 'alert', hidden: '' } },
          'Could not load more; try again.',
        ),
      ),
    );
    panel.hidden = true;
    byId('panel-merchants').after(panel);
  }

  async show(): Promise<void> {
    await this.#pages.reload();
  }

  clear(): void {
    this.#pages.clear();
  }

  #row(item: StoreRequestView): HTMLLIElement {
    const row = h('li', { className: 'store-row', attrs: { 'data-user-id': item.userId, 'data-status': item.status } });
    const logo = item.logoUrl
      ? h('img', { className: 'store-logo', attrs: { src: item.logoUrl, alt: '', width: '48', height: '48', loading: 'lazy' } })
      : h('span', { className: 'store-logo avatar', attrs: { 'aria-hidden': 'true' } }, item.name.slice(0, 1).toUpperCase());
    const actions = h('div', { className: 'store-actions' });
    if (item.status === 'pending') {
      const approve = h('button', { className: 'button small', attrs: { type: 'button', 'data-action': 'approve' } }, 'Approve…');
      const decline = h(
        'button',
        { className: 'button button-outline danger small', attrs: { type: 'button', 'data-action': 'decline' } },
        'Decline…',
      );
      approve.addEventListener('click', () => void this.#answer(item, 'approve'));
      decline.addEventListener('click', () => void this.#answer(item, 'decline'));
      actions.append(approve, decline);
    }
    row.append(
      h(
        'div',
        { className: 'merchant-who' },
        logo,
        h(
          'div',
          {},
          h('strong', { className: 'store-name' }, item.name),
          h('span', { className: 'small muted' }, `${item.displayName} · ${item.email}`),
        ),
      ),
      h(
        'div',
        { className: 'small' },
        h('p', { className: 'store-return' }, 'Returns to: ', addressLine(item.returnAddress)),
        h(
          'p',
          { className: 'muted' },
          item.status === 'pending'
            ? `Asked ${formatDayTime(item.createdAt)}`
            : `${item.status === 'approved' ? 'Approved' : 'Declined'} ${item.decidedAt ? formatDayTime(item.decidedAt) : ''}${item.declineReason ? `: ${item.declineReason}` : ''}`,
        ),
      ),
      actions,
    );
    return row;
  }

  async #answer(item: StoreRequestView, action: 'approve' | 'decline'): Promise<void> {
    const done = await this.#dialog.ask(
      action === 'approve'
        ? {
            title: `Approve “${item.name}”?`,
            text: `${item.displayName} becomes a merchant at once: they can list products and schedule flash sales. They are notified.`,
            reason: 'none',
            confirmLabel: 'Approve store',
            busyLabel: 'Approving…',
            run: async () => {
              await approveStore(this.#token(), item.userId);
            },
            problem: storeProblem,
          }
        : {
            title: `Decline “${item.name}”?`,
            text: `${item.displayName} is told why, and may change the store and send it again.`,
            reason: 'required',
            reasonLabel: 'Reason (they read it)',
            placeholder: 'e.g. The return address is incomplete.',
            confirmLabel: 'Decline store',
            busyLabel: 'Declining…',
            isDanger: true,
            run: async (reason) => {
              await declineStore(this.#token(), item.userId, reason);
            },
            problem: storeProblem,
          },
    );
    if (done) await this.show();
  }
}
