import { listMarketProducts, type ShowProductView } from '../../lib/accounts-api.ts';
import { ApiError, type Product } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';

/** What a featured product pays the KOL per unit at list price. */
const commissionOf = (p: { priceCents: number; kolCommissionBps: number }) => Math.floor((p.priceCents * p.kolCommissionBps) / 10_000);

const percent = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;

type Picked = Pick<ShowProductView, 'id' | 'title' | 'priceCents' | 'currency' | 'imageUrl' | 'kolCommissionBps'>;

/** "You earn ¥13.20 a sale (15%)" */
export function earnText(p: Pick<Picked, 'priceCents' | 'currency' | 'kolCommissionBps'>): string {
  return `You earn ${formatMoney(commissionOf(p), p.currency)} a sale (${percent(p.kolCommissionBps)})`;
}

/**
 * Picks the products a show features from the marketplace: a title search over the products on
 * sale, each with its price and the commission it pays the KOL, and the picked ones in order.
 */
export class ProductPicker {
  readonly element: HTMLElement;
  readonly #picked: Picked[] = [];
  readonly #pickedList = h('ol', { className: 'picked-list', attrs: { id: 'picked-products', 'aria-live': 'polite' } });
  readonly #query = h('input', { attrs: { type: 'search', id: 'product-query', placeholder: 'Search the marketplace', maxlength: '100' } });
  readonly #results = h('ul', { className: 'product-results', attrs: { id: 'product-results', 'aria-busy': 'true' } });
  readonly #more = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Show more products');
  readonly #state = h('p', { className: 'muted small' });
  #cursor: string | undefined;
  #generation = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #shown: Product[] = [];

  constructor() {
    this.element = h(
      'fieldset',
      { className: 'product-picker plain-fieldset' },
      h('legend', { className: 'field-legend' }, 'Products to feature'),
      this.#pickedList,
      h('label', { className: 'visually-hidden', attrs: { for: 'product-query' } }, 'Search the marketplace by title'),
      this.#query,
      this.#results,
      this.#state,
      this.#more,
    );
    this.#query.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => void this.load(), 250);
    });
    this.#more.addEventListener('click', () => void this.load(this.#cursor));
  }

  get productIds(): string[] {
    return this.#picked.map((p) => p.id);
  }

  set(products: Picked[]): void {
    this.#picked.splice(0, this.#picked.length, ...products);
    this.#render();
  }

  /** Reads the first page of the search (or the next page after `cursor`). */
  async load(cursor?: string): Promise<void> {
    const generation = ++this.#generation;
    this.#results.setAttribute('aria-busy', 'true');
    try {
      const page = await listMarketProducts(this.#query.value.trim(), cursor);
      if (generation !== this.#generation) return;
      this.#shown = cursor ? [...this.#shown, ...page.items] : page.items;
      this.#cursor = page.nextCursor ?? undefined;
      this.#state.textContent = this.#shown.length === 0 ? 'No products on sale match.' : '';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#state.textContent = error instanceof ApiError ? error.message : 'Could not load products; try again.';
    }
    this.#results.setAttribute('aria-busy', 'false');
    this.#render();
  }

  #render(): void {
    const pickedIds = new Set(this.productIds);
    this.#pickedList.replaceChildren(
      ...this.#picked.map((p, i) => {
        const remove = h(
          'button',
          { className: 'link-button small', attrs: { type: 'button', 'aria-label': `Remove ${p.title}` } },
          'Remove',
        );
        remove.addEventListener('click', () => {
          this.#picked.splice(i, 1);
          this.#render();
        });
        return h(
          'li',
          { className: 'picked-item' },
          h('span', { className: 'picked-title' }, p.title),
          h('span', { className: 'small earn' }, earnText(p)),
          remove,
        );
      }),
    );
    show(this.#pickedList, this.#picked.length > 0);
    this.#results.replaceChildren(
      ...this.#shown.map((p) => {
        const isPicked = pickedIds.has(p.id);
        const toggle = h(
          'button',
          {
            className: isPicked ? 'button button-outline feature-button' : 'button feature-button',
            attrs: { type: 'button', 'aria-pressed': String(isPicked), 'aria-label': `${isPicked ? 'Featured' : 'Feature'}: ${p.title}` },
          },
          isPicked ? 'Featured' : 'Feature',
        );
        toggle.addEventListener('click', () => {
          if (isPicked)
            this.#picked.splice(
              this.#picked.findIndex((x) => x.id === p.id),
              1,
            );
          else this.#picked.push(p);
          this.#render();
        });
        const image = p.imageUrl
          ? h('img', { className: 'result-image', attrs: { src: p.imageUrl, alt: '', width: '48', height: '48', loading: 'lazy' } })
          : h('span', { className: 'result-image' });
        return h(
          'li',
          { className: 'product-result', attrs: { 'data-product-id': p.id } },
          image,
          h(
            'div',
            { className: 'result-text' },
            h('span', { className: 'result-title' }, p.title),
            h('span', { className: 'small muted' }, `${formatMoney(p.priceCents, p.currency)} · ${p.stock} in stock`),
            h('span', { className: 'small earn' }, earnText(p)),
          ),
          toggle,
        );
      }),
    );
    show(this.#more, this.#cursor !== undefined);
  }
}
