import { ApiError, type Product } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import { type ShowcaseEditor, searchProducts } from '../../lib/showcase-api.ts';

const SEARCH_DELAY_MS = 250;

function thumb(product: Product, size: number): HTMLElement {
  return product.imageUrl
    ? h('img', { attrs: { src: product.imageUrl, alt: '', width: String(size), height: String(size), loading: 'lazy' } })
    : h('span', { className: 'thumb-empty', attrs: { 'aria-hidden': 'true' } });
}

function smallButton(label: string, attrs: Record<string, string>, onClick: () => void, className = 'button button-outline button-small') {
  const button = h('button', { className, attrs: { type: 'button', ...attrs } }, label);
  button.addEventListener('click', onClick);
  return button;
}

/**
 * The KOL's shopping bag in the studio: products in order with up/down, pin/unpin and remove,
 * and a title search (GET /api/products?q=) to add more. The pin mark follows pin:changed, so
 * it stays right when the KOL pins from another tab.
 */
export class ProductPanel {
  readonly root = h('section', {
    className: 'card studio-products',
    attrs: { id: 'product-panel', 'aria-labelledby': 'product-panel-title' },
  });
  readonly #count = h('span', { className: 'panel-count', attrs: { id: 'studio-showcase-count' } }, '0');
  readonly #list = h('ol', { className: 'studio-showcase', attrs: { id: 'studio-showcase' } });
  readonly #empty = h('p', { className: 'muted small panel-empty' }, 'Your shopping bag is empty. Search for a product below to add it.');
  readonly #search = h('input', {
    attrs: {
      id: 'product-search',
      type: 'search',
      placeholder: 'Search products by title…',
      autocomplete: 'off',
      'aria-label': 'Search products',
    },
  });
  readonly #results = h('ul', { className: 'search-results', attrs: { id: 'product-results', 'aria-live': 'polite' } });
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  readonly #editor: ShowcaseEditor;
  #products: Product[] = [];
  #pinnedId: string | null = null;
  #isBusy = false;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #searchSeq = 0;

  constructor(options: { editor: ShowcaseEditor }) {
    this.#editor = options.editor;
    this.root.append(
      h('header', { className: 'panel-header' }, h('h2', { attrs: { id: 'product-panel-title' } }, 'Shopping bag'), this.#count),
      this.#list,
      this.#empty,
      this.#error,
      h(
        'div',
        { className: 'product-search' },
        h('label', { className: 'eyebrow', attrs: { for: 'product-search' } }, 'Add products'),
        this.#search,
      ),
      this.#results,
    );
    show(this.#error, false);
    this.#search.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => void this.#runSearch(), SEARCH_DELAY_MS);
    });
    this.#render();
  }

  load(products: Product[], pinnedId: string | null): void {
    this.#products = products;
    this.#pinnedId = pinnedId;
    this.#render();
  }

  setPinned(productId: string | null): void {
    this.#pinnedId = productId;
    this.#render();
  }

  /** Runs one change at a time; the buttons are disabled meanwhile and errors show in the panel. */
  async #run(change: () => Promise<void>, failure: string): Promise<void> {
    if (this.#isBusy) return;
    this.#isBusy = true;
    show(this.#error, false);
    this.#render();
    try {
      await change();
    } catch (error) {
      this.#error.textContent = error instanceof ApiError ? `${failure}: ${error.message}` : `${failure}; try again.`;
      show(this.#error, true);
    } finally {
      this.#isBusy = false;
      this.#render();
      this.#renderResults();
    }
  }

  #move(index: number, by: -1 | 1): void {
    const ids = this.#products.map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    void this.#run(async () => {
      this.#products = await this.#editor.reorder(ids);
    }, 'Could not reorder');
  }

  #pin(productId: string | null): void {
    void this.#run(
      async () => {
        await this.#editor.pin(productId);
        this.#pinnedId = productId;
      },
      productId ? 'Could not pin' : 'Could not unpin',
    );
  }

  #remove(productId: string): void {
    void this.#run(async () => {
      this.#products = await this.#editor.remove(productId);
      if (this.#pinnedId === productId) this.#pinnedId = null;
    }, 'Could not remove');
  }

  #add(productId: string): void {
    void this.#run(async () => {
      this.#products = await this.#editor.add(productId);
    }, 'Could not add');
  }

  #render(): void {
    const count = this.#products.length;
    this.#count.textContent = `${count} ${count === 1 ? 'product' : 'products'}`;
    show(this.#empty, count === 0);
    this.#list.replaceChildren(
      ...this.#products.map((product, index) => {
        const isPinned = product.id === this.#pinnedId;
        const up = smallButton(
          '↑',
          { 'aria-label': `Move ${product.title} up`, 'data-action': 'up' },
          () => this.#move(index, -1),
          'order-button',
        );
        const down = smallButton(
          '↓',
          { 'aria-label': `Move ${product.title} down`, 'data-action': 'down' },
          () => this.#move(index, 1),
          'order-button',
        );
        const pin = isPinned
          ? smallButton(
              'Unpin',
              { 'aria-label': `Unpin ${product.title}`, 'data-action': 'unpin' },
              () => this.#pin(null),
              'button button-small button-pinned',
            )
          : smallButton(
              'Pin',
              { 'aria-label': `Pin ${product.title}`, 'data-action': 'pin' },
              () => this.#pin(product.id),
              'button button-live button-small',
            );
        const remove = smallButton(
          'Remove',
          { 'aria-label': `Remove ${product.title}`, 'data-action': 'remove' },
          () => this.#remove(product.id),
          'link-button small danger-link',
        );
        up.disabled = this.#isBusy || index === 0;
        down.disabled = this.#isBusy || index === count - 1;
        pin.disabled = this.#isBusy;
        remove.disabled = this.#isBusy;
        return h(
          'li',
          { className: isPinned ? 'studio-product is-pinned' : 'studio-product', attrs: { 'data-product-id': product.id } },
          h('span', { className: 'order-buttons' }, up, down),
          thumb(product, 56),
          h(
            'div',
            { className: 'studio-product-info' },
            h('p', { className: 'studio-product-title' }, isPinned ? h('span', { className: 'pin-tag' }, 'Pinned') : null, product.title),
            h(
              'p',
              { className: 'small muted' },
              `${formatMoney(product.priceCents, product.currency)} · ${product.stock > 0 ? `${product.stock} in stock` : 'sold out'}`,
            ),
          ),
          h('span', { className: 'studio-product-actions' }, pin, remove),
        );
      }),
    );
  }

  #lastResults: Product[] = [];

  async #runSearch(): Promise<void> {
    const q = this.#search.value.trim();
    const seq = ++this.#searchSeq;
    if (!q) {
      this.#lastResults = [];
      this.#results.replaceChildren();
      return;
    }
    try {
      const found = await searchProducts(q);
      if (seq !== this.#searchSeq) return;
      this.#lastResults = found;
      this.#renderResults();
    } catch {
      if (seq !== this.#searchSeq) return;
      this.#results.replaceChildren(h('li', { className: 'muted small' }, 'Search failed; try again.'));
    }
  }

  #renderResults(): void {
    if (!this.#search.value.trim()) return;
    if (this.#lastResults.length === 0) {
      this.#results.replaceChildren(h('li', { className: 'muted small search-none' }, 'No active product matches.'));
      return;
    }
    const inBag = new Set(this.#products.map((p) => p.id));
    this.#results.replaceChildren(
      ...this.#lastResults.map((product) => {
        const isAdded = inBag.has(product.id);
        const add = smallButton(isAdded ? 'In bag' : 'Add', { 'aria-label': `Add ${product.title}`, 'data-action': 'add' }, () =>
          this.#add(product.id),
        );
        add.disabled = isAdded || this.#isBusy;
        return h(
          'li',
          { className: 'search-result', attrs: { 'data-product-id': product.id } },
          thumb(product, 40),
          h(
            'span',
            { className: 'search-result-text' },
            h('span', { className: 'studio-product-title' }, product.title),
            h('span', { className: 'small muted' }, formatMoney(product.priceCents, product.currency)),
          ),
          add,
        );
      }),
    );
  }
}
