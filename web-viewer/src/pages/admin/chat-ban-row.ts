import type { ChatBan } from '../../lib/admin-api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';

/** Lifts the restriction; resolves true once done, false when the admin backed out. */
export type LiftChatBan = (ban: ChatBan) => Promise<boolean>;

const untilText = (until: string | null) =>
  until ? `Until ${new Date(until).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : 'Until lifted';

/** One person restricted from chat: who, why, until when, who decided, and Lift. */
export class ChatBanRow {
  readonly element = h('li', { className: 'chat-ban-row' });
  readonly #ban: ChatBan;
  readonly #lift: LiftChatBan;
  #isLifted = false;

  constructor(ban: ChatBan, lift: LiftChatBan) {
    this.#ban = ban;
    this.#lift = lift;
    this.#render();
  }

  async #run(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      if (!(await this.#lift(this.#ban))) return;
      this.#isLifted = true;
      this.#render();
    } finally {
      button.disabled = false;
    }
  }

  #render(): void {
    const ban = this.#ban;
    this.element.dataset.userId = ban.userId;
    this.element.dataset.status = this.#isLifted ? 'lifted' : 'banned';
    this.element.classList.toggle('is-lifted', this.#isLifted);
    const lift = h('button', { className: 'button button-outline small', attrs: { type: 'button', 'data-action': 'lift' } }, 'Lift…');
    lift.addEventListener('click', () => void this.#run(lift));
    this.element.replaceChildren(
      h(
        'div',
        { className: 'merchant-who' },
        h('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } }, (ban.displayName.trim()[0] ?? '?').toUpperCase()),
        h(
          'div',
          {},
          h('strong', { className: 'chat-ban-name' }, ban.displayName),
          h('span', { className: 'muted small' }, `Restricted ${formatDayTime(ban.at)} by ${ban.adminName}`),
        ),
      ),
      h('p', { className: 'chat-ban-reason small' }, `“${ban.reason}”`),
      h(
        'div',
        { className: 'chat-ban-status' },
        this.#isLifted
          ? h('span', { className: 'status target-status target-status-active' }, 'Lifted')
          : h('span', { className: `status chat-ban-until${ban.until ? '' : ' is-indefinite'}` }, untilText(ban.until)),
        this.#isLifted ? null : lift,
      ),
      ...(this.#isLifted
        ? [h('p', { className: 'form-done chat-ban-done', attrs: { role: 'status' } }, 'Lifted: they can chat again, and were told.')]
        : []),
    );
  }
}
