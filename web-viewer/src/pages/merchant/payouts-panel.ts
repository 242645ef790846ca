import { ApiError } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import { loadFailure } from '../../lib/load-failure.ts';
import { fetchSettlementCsv, listPayouts, type Payout, type PayoutStatus } from '../../lib/payouts-api.ts';

const STATUS_LABELS: Record<PayoutStatus, string> = { scheduled: 'Scheduled', sending: 'Sending', paid: 'Paid', failed: 'Failed' };
const ACCOUNT_LABELS: Record<Payout['account'], string> = { merchant_payable: 'Sales', user_earnings: 'Commissions' };

/** "2025-03-14" (a UTC day) → "Mar 14, 2025", the same day wherever the browser is. */
const periodDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function payoutRow(payout: Payout): HTMLTableRowElement {
  const paidAt = payout.status === 'paid' && payout.paidAt ? when(payout.paidAt) : '—';
  return h(
    'tr',
    { attrs: { 'data-payout-id': payout.id, 'data-status': payout.status } },
    h('td', {}, periodDay(payout.periodDate)),
    h('td', {}, ACCOUNT_LABELS[payout.account]),
    h('td', { className: 'amount' }, formatMoney(payout.amountCents, payout.currency)),
    h(
      'td',
      {},
      h('span', { className: `status payout-status-${payout.status}` }, STATUS_LABELS[payout.status]),
      payout.status === 'failed' && payout.failureReason
        ? h('span', { className: 'payout-failure small' }, `${payout.failureReason}. The amount goes into the next payout run.`)
        : null,
    ),
    h('td', { className: 'small' }, paidAt),
  );
}

/** Today's date for the file name, in the browser's time zone. */
const today = () => new Date().toLocaleDateString('sv');

/** The Payouts section: what the merchant is paid and when, and the settlement statement as a CSV file. */
export class PayoutsPanel {
  readonly #table = byId('payouts-table');
  readonly #body = byId('payouts-body', HTMLTableSectionElement);
  readonly #state = byId('payouts-state');
  readonly #download = byId('settlement-download', HTMLButtonElement);
  readonly #downloadError = byId('settlement-download-error');
  readonly #token: string;

  constructor(deps: { token: string }) {
    this.#token = deps.token;
    this.#download.addEventListener('click', () => void this.#downloadCsv());
  }

  async load(): Promise<void> {
    show(this.#table, false);
    this.#showState([h('p', { className: 'muted small' }, 'Loading payouts…')], 'is-loading');
    try {
      const { items } = await listPayouts(this.#token);
      this.#body.replaceChildren(...items.map(payoutRow));
      show(this.#table, items.length > 0);
      if (items.length > 0) this.#showState(undefined);
      else
        this.#showState([
          h('p', { className: 'panel-state-title' }, 'No payouts yet'),
          h('p', { className: 'muted small' }, 'Once an order settles, its net joins the daily payout run and shows here.'),
        ]);
    } catch (error) {
      this.#showState(loadFailure('payouts', error, () => void this.load()));
    }
  }

  /** The statement needs the bearer token, so it is fetched and handed to the browser as a file. */
  async #downloadCsv(): Promise<void> {
    this.#download.disabled = true;
    this.#download.textContent = 'Preparing…';
    show(this.#downloadError, false);
    try {
      const file = await fetchSettlementCsv(this.#token);
      const url = URL.createObjectURL(file);
      const link = h('a', { attrs: { href: url, download: `settlement-${today()}.csv` } });
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked later, not at once: the download may still be reading the blob.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.#downloadError.textContent =
        error instanceof ApiError ? `The statement did not download: ${error.message}` : 'Could not reach the server; try again.';
      show(this.#downloadError, true);
    } finally {
      this.#download.disabled = false;
      this.#download.textContent = 'Download settlement (CSV)';
    }
  }

  #showState(content: HTMLElement[] | undefined, modifier = ''): void {
    this.#state.className = `panel-state ${modifier}`.trim();
    this.#state.replaceChildren(...(content ?? []));
    show(this.#state, Boolean(content));
  }
}
