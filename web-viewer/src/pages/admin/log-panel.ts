import { type LogEntry, listModerationLog, type ModerationAction } from '../../lib/admin-api.ts';
import { byId, h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import { listFailure } from './problem-text.ts';

const ACTION_LABELS: Record<ModerationAction, string> = {
  take_down: 'Took down',
  restore: 'Restored',
  suspend: 'Suspended',
  reinstate: 'Reinstated',
  dismiss: 'Dismissed reports',
  end_stream: 'Ended live show',
  remove_comment: 'Removed comment',
  chat_ban: 'Restricted from chat',
  lift_chat_ban: 'Lifted chat restriction',
  remove_review: 'Removed review',
};

const TARGET_LABELS: Record<string, string> = {
  product: 'Product',
  stream: 'Live show',
  merchant: 'Merchant',
  comment: 'Comment',
  review: 'Review',
  user: 'User',
};

const placeholders = () =>
  Array.from({ length: 3 }, () => h('li', { className: 'log-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span')));

function logRow(entry: LogEntry): HTMLLIElement {
  return h(
    'li',
    { className: 'log-row', attrs: { 'data-action': entry.action, 'data-target-id': entry.targetId } },
    h('span', { className: `status log-action log-action-${entry.action}` }, ACTION_LABELS[entry.action] ?? entry.action),
    h(
      'div',
      { className: 'log-body' },
      h(
        'p',
        { className: 'log-target' },
        h('span', { className: 'muted' }, `${TARGET_LABELS[entry.targetType] ?? entry.targetType} `),
        h('strong', {}, entry.targetType === 'comment' || entry.targetType === 'review' ? `“${entry.targetTitle}”` : entry.targetTitle),
      ),
      entry.reason ? h('p', { className: 'log-reason small' }, `“${entry.reason}”`) : null,
    ),
    h(
      'p',
      { className: 'log-meta muted small' },
      `${entry.adminName} · `,
      h('time', { attrs: { datetime: entry.createdAt } }, formatDayTime(entry.createdAt)),
    ),
  );
}

/** The Log tab: every admin action, newest first, who did it and why. */
export class LogPanel {
  readonly #pages: PagedList<LogEntry>;

  constructor(deps: { token: () => string; handlesError: (error: unknown) => boolean }) {
    this.#pages = new PagedList({
      fetchPage: (cursor) => listModerationLog(deps.token(), cursor),
      handlesError: deps.handlesError,
      view: new PagedListElements({
        list: byId('log-list', HTMLUListElement),
        state: byId('log-state'),
        more: byId('log-more', HTMLButtonElement),
        moreError: byId('log-more-error'),
        rows: (entries) => entries.map(logRow),
        placeholders,
        empty: () =>
          emptyState(
            'Nothing logged yet',
            'Take-downs, restores, suspensions, reinstatements, ended live shows, removed comments and reviews, chat restrictions and dismissals appear here, newest first.',
          ),
        failure: (error, retry) => listFailure('log', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
  }

  /** Loads the newest entries (again). */
  async show(): Promise<void> {
    await this.#pages.reload();
  }

  clear(): void {
    this.#pages.clear();
  }
}
