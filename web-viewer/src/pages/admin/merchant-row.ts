import type { MerchantAccount } from '../../lib/admin-api.ts';
import { h } from '../../lib/dom.ts';
import { formatDayTime } from '../../lib/format.ts';
import { statusPill } from './status-pill.ts';

/** What the admin can do to a merchant; each resolves with the account as it is now, or undefined when backed out. */
export interface MerchantActions {
  suspend(merchant: MerchantAccount): Promise<MerchantAccount | undefined>;
  reinstate(merchant: MerchantAccount): Promise<MerchantAccount | undefined>;
}

const joined = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One merchant account: who, how much they sell, how often they were reported, and Suspend or Reinstate. */
export class MerchantRow {
  readonly element = h('li', { className: 'merchant-row' });
  readonly #actions: MerchantActions;
  #merchant: MerchantAccount;
  #done: string | undefined;

  constructor(merchant: MerchantAccount, actions: MerchantActions) {
    this.#merchant = merchant;
    this.#actions = actions;
    this.#render();
  }

  async #run(button: HTMLButtonElement): Promise<void> {
    const wasSuspended = Boolean(this.#merchant.suspension);
    button.disabled = true;
    try {
      const now = await (wasSuspended ? this.#actions.reinstate(this.#merchant) : this.#actions.suspend(this.#merchant));
      if (!now) return;
      this.#merchant = now;
      this.#done = wasSuspended
        ? 'Reinstated: their products are listed again and they can sell.'
        : 'Suspended: their products are hidden and their payouts held.';
      this.#render();
    } finally {
      button.disabled = false;
    }
  }

  #render(): void {
    const m = this.#merchant;
    const status = m.suspension ? 'suspended' : 'active';
    this.element.dataset.merchantId = m.id;
    this.element.dataset.status = status;
    this.element.classList.toggle('is-suspended', Boolean(m.suspension));
    const action = m.suspension
      ? h('button', { className: 'button button-outline small', attrs: { type: 'button', 'data-action': 'reinstate' } }, 'Reinstate…')
      : h('button', { className: 'button button-outline danger small', attrs: { type: 'button', 'data-action': 'suspend' } }, 'Suspend…');
    action.addEventListener('click', () => void this.#run(action));
    const suspension = m.suspension
      ? h(
          'p',
          { className: 'merchant-suspension small' },
          `Suspended ${formatDayTime(m.suspension.at)}: `,
          h('span', { className: 'suspension-reason' }, m.suspension.reason),
        )
      : null;
    const done = this.#done ? h('p', { className: 'form-done merchant-done', attrs: { role: 'status' } }, this.#done) : null;
    this.element.replaceChildren(
      h(
        'div',
        { className: 'merchant-who' },
        h('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } }, (m.displayName.trim()[0] ?? '?').toUpperCase()),
        h(
          'div',
          {},
          h('strong', { className: 'merchant-name' }, m.displayName),
          h('span', { className: 'muted small merchant-email' }, m.email),
        ),
      ),
      h(
        'p',
        { className: 'merchant-figures muted small' },
        `Joined ${joined(m.createdAt)} · ${plural(m.productCount, 'product', 'products')} · `,
        h('span', { className: m.openReportCount > 0 ? 'has-reports' : '' }, plural(m.openReportCount, 'open report', 'open reports')),
      ),
      h('div', { className: 'merchant-status' }, statusPill('merchant', status), action),
      ...(suspension ? [suspension] : []),
      ...(done ? [done] : []),
    );
  }
}
