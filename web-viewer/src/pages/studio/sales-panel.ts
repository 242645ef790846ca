import '../../styles/studio-live.css';
import { h, show } from '../../lib/dom.ts';
import { formatClock, formatMoney } from '../../lib/format.ts';
import type { LiveSocket } from '../../lib/socket.ts';
import { formatGmv, loadShowSummary, type ShowSummary } from './show-summary.ts';

/** A sale the room hears of (`purchase:new`) is read back at most this often; also read now and then, in case one was missed. */
const REFRESH_AFTER_MS = 500;
const POLL_EVERY_MS = 15_000;

/**
 * The show's sales as they happen: the running total (GMV) and order count, and the latest paid
 * orders ("Mei L. · 2 × Longjing tea · ¥336.00"). Read from GET /api/streams/:id/summary whenever
 * the room hears a purchase.
 */
export class SalesPanel {
  readonly root = h('section', { className: 'card studio-sales', attrs: { id: 'studio-sales', 'aria-labelledby': 'studio-sales-title' } });
  readonly #gmv = h('strong', { className: 'sales-gmv', attrs: { id: 'sales-gmv' } }, '–');
  readonly #orders = h('span', { className: 'muted small', attrs: { id: 'sales-orders' } }, '0 orders');
  readonly #list = h('ol', { className: 'sales-list', attrs: { id: 'sales-list' } });
  readonly #empty = h('p', { className: 'muted small' }, 'Orders paid in this show appear here as they come in.');
  readonly #streamId: string;
  readonly #token: () => string;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { socket: LiveSocket; streamId: string; token: () => string }) {
    this.#streamId = options.streamId;
    this.#token = options.token;
    this.root.append(
      h('header', { className: 'panel-header' }, h('h2', { attrs: { id: 'studio-sales-title' } }, 'Live sales')),
      h('p', { className: 'sales-total', attrs: { 'aria-live': 'polite' } }, this.#gmv, ' ', this.#orders),
      this.#list,
      this.#empty,
    );
    options.socket.on('purchase:new', (event) => {
      if (event.streamId === this.#streamId) this.refreshSoon();
    });
    options.socket.on('connect', () => this.refreshSoon());
    setInterval(() => this.refreshSoon(), POLL_EVERY_MS);
  }

  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      loadShowSummary(this.#streamId, this.#token()).then(
        (summary) => this.render(summary),
        () => {},
      );
    }, REFRESH_AFTER_MS);
  }

  render(summary: ShowSummary): void {
    this.#gmv.textContent = formatGmv(summary.gmv);
    this.#orders.textContent = `${summary.orders} ${summary.orders === 1 ? 'order' : 'orders'}`;
    show(this.#empty, summary.recentSales.length === 0);
    this.#list.replaceChildren(
      ...summary.recentSales.map((sale) =>
        h(
          'li',
          { className: 'feed-item sale-item', attrs: { 'data-order-id': sale.orderId } },
          h(
            'p',
            { className: 'feed-line' },
            h('span', { className: 'comment-author' }, sale.buyer),
            h('span', {}, sale.items.map((i) => `${i.quantity} × ${i.title}`).join(', ')),
          ),
          h(
            'span',
            { className: 'feed-meta' },
            h('strong', {}, formatMoney(sale.totalCents, sale.currency)),
            h('time', { attrs: { datetime: sale.at } }, formatClock(sale.at)),
          ),
        ),
      ),
    );
  }
}
