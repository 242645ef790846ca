import { type ChatBan, listChatBans } from '../../lib/admin-api.ts';
import { byId, h } from '../../lib/dom.ts';
import { emptyState, PagedList, PagedListElements } from '../../lib/paged-list.ts';
import type { AdminActions } from './admin-actions.ts';
import { ChatBanRow, type LiftChatBan } from './chat-ban-row.ts';
import { listFailure } from './problem-text.ts';

const placeholders = () =>
  Array.from({ length: 2 }, () =>
    h('li', { className: 'chat-ban-row is-loading', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span')),
  );

/** The Chat bans tab: everyone restricted from chat now, newest first, each with Lift. */
export class ChatBansPanel {
  readonly #pages: PagedList<ChatBan>;
  readonly #lift: LiftChatBan;

  constructor(deps: { token: () => string; actions: AdminActions; handlesError: (error: unknown) => boolean }) {
    this.#lift = (ban) => deps.actions.liftChatBan({ id: ban.userId, name: ban.displayName });
    this.#pages = new PagedList({
      fetchPage: (cursor) => listChatBans(deps.token(), cursor),
      handlesError: deps.handlesError,
      view: new PagedListElements({
        list: byId('chat-ban-list', HTMLUListElement),
        state: byId('chat-bans-state'),
        more: byId('chat-bans-more', HTMLButtonElement),
        moreError: byId('chat-bans-more-error'),
        rows: (items) => items.map((ban) => new ChatBanRow(ban, this.#lift).element),
        placeholders,
        empty: () =>
          emptyState(
            'No one is restricted from chat',
            'People you restrict from a reported comment’s case appear here until the restriction ends or you lift it.',
          ),
        failure: (error, retry) => listFailure('chat bans', error, retry),
        onMore: () => void this.#pages.loadMore(),
      }),
    });
  }

  /** Loads the newest bans (again). */
  async show(): Promise<void> {
    await this.#pages.reload();
  }

  clear(): void {
    this.#pages.clear();
  }
}
