import { type CaseStatus, listReportCases, type ReportCase } from '../../lib/admin-api.ts';
import { byId, h } from '../../lib/dom.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import type { AdminActions } from './admin-actions.ts';
import { type CaseActions, CaseRow } from './case-row.ts';
import { listFailure } from './problem-text.ts';

const EMPTY: Record<CaseStatus, { title: string; text: string }> = {
  open: {
    title: 'No open reports',
    text: 'When viewers report a product, a live show, a shop, a chat comment or a review, the case appears here.',
  },
  actioned: {
    title: 'Nothing actioned yet',
    text: 'Cases closed by a take-down, a suspension, an ended live show, a removed comment or review, or a chat restriction appear here, newest first.',
  },
  dismissed: { title: 'Nothing dismissed yet', text: 'Cases closed without action appear here, newest first.' },
};

const isCaseStatus = (value: string | undefined): value is CaseStatus => value === 'open' || value === 'actioned' || value === 'dismissed';

const placeholders = () =>
  Array.from({ length: 2 }, () =>
    h('li', { className: 'case-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'), h('span')),
  );

/** The Reports tab: report cases by status (open, actioned, dismissed), a page at a time, each with its actions. */
export class ReportsPanel {
  readonly #filters = byId('case-filters');
  readonly #pages: PagedList<ReportCase>;
  readonly #caseActions: CaseActions;
  #status: CaseStatus = 'open';

  constructor(deps: { token: () => string; actions: AdminActions; handlesError: (error: unknown) => boolean }) {
    const { actions } = deps;
    this.#caseActions = {
      dismiss: (item) => actions.dismiss({ ...item, title: item.target.title }),
      takeDown: (item) => actions.takeDown({ id: item.targetId, title: item.target.title }),
      restore: (item) => actions.restore({ id: item.targetId, title: item.target.title }),
      endStream: (item) => actions.endStream({ id: item.targetId, title: item.target.title }),
      removeComment: (item) => actions.removeComment({ id: item.targetId, title: item.target.title }),
      removeReview: (item) => actions.removeReview({ id: item.targetId, title: item.target.title }),
      restrictAuthor: (item) =>
        item.target.merchantId
          ? actions.restrictFromChat({ id: item.target.merchantId, name: item.target.merchantName ?? 'the author' }).then(Boolean)
          : Promise.resolve(false),
      suspendMerchant: (item) => {
        const id = item.targetType === 'merchant' ? item.targetId : item.target.merchantId;
        const name = item.target.merchantName ?? (item.targetType === 'merchant' ? item.target.title : 'this merchant');
        return id ? actions.suspend({ id, name }).then(Boolean) : Promise.resolve(false);
      },
    };
    this.#pages = new PagedList({
      fetchPage: (cursor) => listReportCases(deps.token(), this.#status, cursor),
      handlesError: deps.handlesError,
      view: new PagedListElements({
        list: byId('case-list', HTMLUListElement),
        state: byId('cases-state'),
        more: byId('cases-more', HTMLButtonElement),
        moreError: byId('cases-more-error'),
        rows: (items) => items.map((item) => new CaseRow(item, this.#caseActions).element),
        placeholders,
        empty: () => emptyState(EMPTY[this.#status].title, EMPTY[this.#status].text),
        failure: (error, retry) => listFailure('reports', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
      chip.addEventListener('click', () => {
        if (isCaseStatus(chip.dataset.status)) void this.show(chip.dataset.status);
      });
    }
  }

  /** Loads the cases with this status (again). */
  async show(status: CaseStatus = this.#status): Promise<void> {
    this.#status = status;
    for (const chip of this.#filters.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.status === status));
    }
    await this.#pages.reload();
  }

  clear(): void {
    this.#pages.clear();
  }
}
