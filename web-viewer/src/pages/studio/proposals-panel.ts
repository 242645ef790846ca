import type { SaleProposalView } from '../../../../server/src/domains/streams/sale-proposals.ts';
import { ApiError, api } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatDayTime, formatMoney } from '../../lib/format.ts';
import '../../styles/proposals.css';

type Decision = 'accept' | 'decline' | 'remove';

const POLL_EVERY_MS = 20_000;
const DECISION_LABELS: Record<Decision, string> = { accept: 'Accept', decline: 'Decline', remove: 'Remove from my stream' };

/**
 * Sales merchants aim at the stream wait here for its KOL (ADR 0012): a proposal shows in the
 * stream only once accepted, and an accepted merchant sale can be taken out before it opens.
 */
export class ProposalsPanel {
  readonly root = h('section', {
    className: 'card studio-proposals',
    attrs: { id: 'studio-proposals', 'aria-labelledby': 'proposals-title' },
  });
  readonly #list = h('ul', { className: 'proposal-list', attrs: { id: 'proposal-list' } });
  readonly #empty = h(
    'p',
    { className: 'muted small' },
    'No sales are waiting for you. Merchants’ sales of products in your bag show at once.',
  );
  readonly #error = h('p', { className: 'form-error small', attrs: { role: 'alert' } });
  readonly #streamId: string;
  readonly #token: () => string;

  constructor(options: { streamId: string; token: () => string }) {
    this.#streamId = options.streamId;
    this.#token = options.token;
    show(this.#error, false);
    this.root.append(
      h('header', { className: 'panel-header' }, h('h2', { attrs: { id: 'proposals-title' } }, 'Sales for your stream')),
      this.#error,
      this.#list,
      this.#empty,
    );
    void this.refresh();
    setInterval(() => void this.refresh(), POLL_EVERY_MS);
  }

  async refresh(): Promise<void> {
    try {
      const { items } = await api<{ items: SaleProposalView[] }>(
        'GET',
        `/api/streams/${encodeURIComponent(this.#streamId)}/sale-proposals`,
        { token: this.#token() },
      );
      this.render(items);
    } catch {
      // The next poll tries again; the list keeps what it showed.
    }
  }

  render(items: readonly SaleProposalView[]): void {
    const shown = items.filter((i) => i.streamApproval === 'proposed' || i.isRemovable);
    show(this.#empty, shown.length === 0);
    this.#list.replaceChildren(...shown.map((item) => this.#row(item)));
  }

  #row(item: SaleProposalView): HTMLLIElement {
    const kind = item.kind === 'flash-sale' ? 'Flash sale' : 'Group price';
    const when = item.startsAt ? `opens ${formatDayTime(item.startsAt)}` : '';
    const decisions: Decision[] = item.streamApproval === 'proposed' ? ['accept', 'decline'] : ['remove'];
    const buttons = decisions.map((decision) => {
      const button = h(
        'button',
        {
          className: `button ${decision === 'accept' ? '' : 'button-outline'}`.trim(),
          attrs: { type: 'button', 'data-decision': decision },
        },
        DECISION_LABELS[decision],
      );
      button.addEventListener('click', () => void this.#decide(item, decision, buttons));
      return button;
    });
    return h(
      'li',
      { className: 'proposal-item', attrs: { 'data-sale-id': item.id, 'data-approval': item.streamApproval } },
      h(
        'div',
        { className: 'proposal-text' },
        h('strong', {}, item.productTitle),
        h('span', { className: 'muted small' }, [kind, formatMoney(item.priceCents, item.currency), when].filter(Boolean).join(' · ')),
        h('span', { className: 'muted small' }, `from ${item.merchantDisplayName}`),
      ),
      h('div', { className: 'proposal-actions' }, ...buttons),
    );
  }

  async #decide(item: SaleProposalView, decision: Decision, buttons: HTMLButtonElement[]): Promise<void> {
    for (const b of buttons) b.disabled = true;
    show(this.#error, false);
    const path = item.kind === 'flash-sale' ? 'flash-sales' : 'group-offers';
    try {
      await api('POST', `/api/${path}/${encodeURIComponent(item.id)}/stream-approval`, { token: this.#token(), body: { decision } });
    } catch (error) {
      this.#error.textContent =
        error instanceof ApiError && error.code === 'INVALID_STREAM_APPROVAL'
          ? 'Too late: this sale has opened or was decided already.'
          : 'Could not save your answer; try again.';
      show(this.#error, true);
    }
    await this.refresh();
  }
}
