import type { FlashSaleUpdatePayload } from '../../../../server/src/realtime/contract.ts';
import { every, formatCountdown } from '../../lib/countdown.ts';
import { h, show } from '../../lib/dom.ts';
import type { FlashSale } from '../../lib/flash-sale-api.ts';
import { formatMoney } from '../../lib/format.ts';

const STATUS_LABELS: Record<FlashSale['status'], string> = { scheduled: 'Scheduled', live: 'Live', ended: 'Ended', cancelled: 'Cancelled' };

/** A sale whose time came reads "Opening…" until its update arrives. */
const scheduledLabel = (opensInMs: number) =>
  opensInMs > 0 ? `${STATUS_LABELS.scheduled} · opens in ${formatCountdown(opensInMs)}` : 'Opening…';

const day = (d: Date) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "Nov 25, 22:11:05" over "→ 22:41:05", with the second date only when it differs. */
function saleWindow(startsAt: string, endsAt: string): HTMLElement[] {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  return [
    h('span', { className: 'window-line' }, `${day(start)}, ${time(start)}`),
    h('span', { className: 'window-line' }, `→ ${day(start) === day(end) ? '' : `${day(end)}, `}${time(end)}`),
  ];
}

/** What the stock cell says under the bar: while it runs, what is left; once over, what sold and what went back. */
function stockSummary(sale: FlashSale): HTMLElement[] {
  if (sale.status === 'ended' || sale.status === 'cancelled') {
    return [
      h('span', { className: 'remaining small' }, `Sold ${sale.sold} of ${sale.quantity}`),
      h(
        'span',
        { className: 'returned small' },
        sale.returnedToStock > 0
          ? `${sale.returnedToStock} unsold ${sale.returnedToStock === 1 ? 'unit' : 'units'} went back to stock`
          : sale.held > 0
            ? `${sale.held} still held; unsold units go back to stock when their holds lapse`
            : 'Nothing went back to stock',
      ),
    ];
  }
  return [
    h('span', { className: 'remaining small' }, `${sale.remaining} of ${sale.quantity} left`),
    h('span', { className: 'muted small' }, ` · sold ${sale.sold} · held ${sale.held} · ${sale.perUserLimit} per buyer`),
  ];
}

/** The merchant's sales as a table whose status and stock follow `flashsale:update` live. */
export class SalesList {
  readonly #body: HTMLTableSectionElement;
  readonly #empty: HTMLElement;
  readonly #productTitle: (productId: string) => string;
  readonly #onEdit: (sale: FlashSale) => void;
  readonly #onCancel: (sale: FlashSale) => void;
  #sales: FlashSale[] = [];

  constructor(deps: {
    body: HTMLTableSectionElement;
    empty: HTMLElement;
    productTitle: (productId: string) => string;
    onEdit: (sale: FlashSale) => void;
    onCancel: (sale: FlashSale) => void;
  }) {
    this.#body = deps.body;
    this.#empty = deps.empty;
    this.#productTitle = deps.productTitle;
    this.#onEdit = deps.onEdit;
    this.#onCancel = deps.onCancel;
    // Only the countdowns tick; rows are rebuilt when the data changes (a click never meets a rebuilt button).
    every(1000, () => this.#tick());
  }

  show(sales: FlashSale[]): void {
    this.#sales = sales;
    this.#render();
  }

  /** Applies an update; false when the sale is not in the list (the caller reloads it). */
  applyUpdate(update: FlashSaleUpdatePayload): boolean {
    const index = this.#sales.findIndex((s) => s.id === update.id);
    const sale = this.#sales[index];
    if (!sale) return false;
    const sold = sale.sold;
    const status = update.status as FlashSale['status'];
    const isOver = status === 'ended' || status === 'cancelled';
    this.#sales[index] = {
      ...sale,
      status,
      remaining: update.remaining,
      held: Math.max(0, sale.quantity - update.remaining - sold),
      // A sale that is over gives its free units back at once; the reload that follows confirms the count.
      returnedToStock: isOver ? Math.max(sale.returnedToStock, update.remaining) : sale.returnedToStock,
    };
    this.#render();
    return true;
  }

  #tick(): void {
    for (const label of this.#body.querySelectorAll<HTMLElement>('[data-opens-at]')) {
      label.textContent = scheduledLabel(Number(label.dataset.opensAt) - Date.now());
    }
  }

  #render(): void {
    show(this.#empty, this.#sales.length === 0);
    this.#body.replaceChildren(...this.#sales.map((sale) => this.#row(sale)));
  }

  #row(sale: FlashSale): HTMLTableRowElement {
    const opensIn = Date.parse(sale.startsAt) - Date.now();
    const isScheduled = sale.status === 'scheduled';
    const status = h(
      'span',
      { className: `status status-${sale.status}`, attrs: isScheduled ? { 'data-opens-at': String(Date.parse(sale.startsAt)) } : {} },
      isScheduled ? scheduledLabel(opensIn) : STATUS_LABELS[sale.status],
    );
    const share = sale.quantity > 0 ? (100 * sale.remaining) / sale.quantity : 0;
    // Set through the CSSOM: the site's CSP (style-src 'self') blocks style attributes.
    const fill = h('span', { className: 'stock-fill' });
    fill.style.width = `${share}%`;
    const isChangeable = sale.status === 'scheduled' && opensIn > 0;
    const title = this.#productTitle(sale.productId);
    const edit = h('button', { className: 'link-button', attrs: { type: 'button', 'aria-label': `Edit the sale of ${title}` } }, 'Edit');
    const cancel = h(
      'button',
      { className: 'link-button danger', attrs: { type: 'button', 'aria-label': `Cancel the sale of ${title}` } },
      'Cancel',
    );
    edit.addEventListener('click', () => this.#onEdit(sale));
    cancel.addEventListener('click', () => this.#onCancel(sale));
    return h(
      'tr',
      { attrs: { 'data-sale-id': sale.id, 'data-status': sale.status } },
      h('td', { className: 'sale-cell' }, h('span', { className: 'sale-title' }, title), status),
      h('td', {}, formatMoney(sale.priceCents, sale.currency)),
      h(
        'td',
        { className: 'stock-cell' },
        h(
          'div',
          {
            className: 'stock-bar',
            attrs: {
              role: 'progressbar',
              'aria-label': 'Units left',
              'aria-valuemin': '0',
              'aria-valuemax': String(sale.quantity),
              'aria-valuenow': String(sale.remaining),
            },
          },
          fill,
        ),
        ...stockSummary(sale),
      ),
      h('td', { className: 'small window-cell' }, ...saleWindow(sale.startsAt, sale.endsAt)),
      h('td', { className: 'actions' }, isChangeable ? edit : null, isChangeable ? cancel : null),
    );
  }
}
