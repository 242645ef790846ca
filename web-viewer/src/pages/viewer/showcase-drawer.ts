import type { Product } from '../../lib/api.ts';
import { cart } from '../../lib/cart.ts';
import type { CheckoutProduct } from '../../lib/checkout-sheet.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import { getStreamPage } from '../../lib/showcase-api.ts';

const BAG_ICON = 'M6 7h12l-1 13H7L6 7Zm3 0a3 3 0 0 1 6 0';

function svgIcon(pathData: string): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', pathData);
  svg.append(path);
  return svg;
}

/**
 * The stream's shopping bag: a button with the product count that opens a drawer listing the
 * showcase in the host's order, the pinned product marked, each with Buy (the checkout sheet).
 */
export class ShowcaseDrawer {
  readonly button = h(
    'button',
    { className: 'bag-button', attrs: { id: 'showcase-open', type: 'button', 'aria-haspopup': 'dialog', 'aria-controls': 'showcase' } },
    svgIcon(BAG_ICON),
    h('span', { className: 'bag-label' }, 'Shop'),
  );
  readonly #count = h('span', { className: 'bag-count', attrs: { id: 'showcase-count', 'aria-label': 'products' } }, '0');
  readonly #dialog = h('dialog', { className: 'drawer', attrs: { id: 'showcase', 'aria-labelledby': 'showcase-title' } });
  readonly #heading = h('h2', { attrs: { id: 'showcase-title' } }, 'Shopping bag');
  readonly #list = h('ol', { className: 'showcase-list', attrs: { id: 'showcase-list' } });
  readonly #empty = h('p', { className: 'muted drawer-empty' }, 'The host has not added products yet.');
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  /** To the bag's checkout, once something from this show (or elsewhere) is in it. */
  readonly #bagLink = h('a', { className: 'button button-live showcase-checkout', attrs: { href: '/cart', id: 'showcase-checkout' } });
  readonly #streamId: string;
  readonly #onBuy: (product: CheckoutProduct) => void;
  readonly #onChange: (count: number) => void;
  #products: Product[] = [];
  #isOver = false;
  #pinnedId: string | null = null;
  #loading: Promise<void> | undefined;

  constructor(options: { streamId: string; onBuy: (product: CheckoutProduct) => void; onChange?: (count: number) => void }) {
    this.#streamId = options.streamId;
    this.#onBuy = options.onBuy;
    this.#onChange = options.onChange ?? (() => {});
    this.button.append(this.#count);
    const close = h('button', { className: 'drawer-close', attrs: { type: 'button', 'aria-label': 'Close' } }, '×');
    close.addEventListener('click', () => this.#dialog.close());
    this.#dialog.append(
      h('header', { className: 'drawer-header' }, this.#heading, close),
      h('div', { className: 'drawer-body' }, this.#list, this.#empty, this.#error, this.#bagLink),
    );
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close();
    });
    this.button.addEventListener('click', () => this.open());
    document.body.append(this.#dialog);
    show(this.#error, false);
    this.#render();
  }

  /** Opens the drawer and fetches the bag again, since the host may have changed it. */
  open(): void {
    if (!this.#dialog.open) this.#dialog.showModal();
    void this.refresh();
  }

  /** Loads the showcase and pin from GET /api/streams/:id; a call while one runs shares it. */
  refresh(): Promise<void> {
    this.#loading ??= getStreamPage(this.#streamId)
      .then(
        (page) => {
          this.#products = page.showcase;
          this.#pinnedId = page.pinnedProductId;
          show(this.#error, false);
          this.#render();
        },
        () => {
          this.#error.textContent = 'Could not load the products; try again.';
          show(this.#error, true);
        },
      )
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** The host pinned something else: mark it, and fetch the bag if the product is new to it. */
  setPinned(productId: string | null): void {
    this.#pinnedId = productId;
    if (productId && !this.#products.some((p) => p.id === productId)) void this.refresh();
    else this.#render();
  }

  /** `product:stock`: a product of the bag sold units. */
  setStock(productId: string, stock: number): void {
    const product = this.#products.find((p) => p.id === productId);
    if (!product || product.stock === stock) return;
    product.stock = stock;
    this.#render();
  }

  /** The show ended: the bag is "Shop this show", its products still for sale. */
  setOver(isOver: boolean): void {
    this.#isOver = isOver;
    this.#render();
  }

  #renderBagLink(): void {
    const count = cart.count();
    this.#bagLink.textContent = `Check out your bag (${count})`;
    show(this.#bagLink, count > 0);
  }

  #render(): void {
    this.#renderBagLink();
    const count = this.#products.length;
    this.#count.textContent = String(count);
    this.#count.setAttribute('aria-label', `${count} ${count === 1 ? 'product' : 'products'}`);
    const name = this.#isOver ? 'Shop this show' : 'Shopping bag';
    this.#heading.textContent = count ? `${name} · ${count}` : name;
    this.#onChange(count);
    show(this.#empty, count === 0);
    this.#list.replaceChildren(...this.#products.map((product, index) => this.#item(product, index + 1)));
  }

  #item(product: Product, position: number): HTMLLIElement {
    const isPinned = product.id === this.#pinnedId;
    const isSoldOut = product.stock <= 0;
    const buy = h(
      'button',
      { className: 'button button-live showcase-buy', attrs: { type: 'button', 'aria-label': `Buy ${product.title}` } },
      isSoldOut ? 'Sold out' : 'Buy',
    );
    buy.disabled = isSoldOut;
    buy.addEventListener('click', () => {
      this.#dialog.close();
      this.#onBuy({
        id: product.id,
        title: product.title,
        priceCents: product.priceCents,
        currency: product.currency,
        imageUrl: product.imageUrl,
        stock: product.stock,
      });
    });
    const addToBag = h(
      'button',
      { className: 'button button-outline showcase-add', attrs: { type: 'button', 'aria-label': `Add ${product.title} to your bag` } },
      'Add to bag',
    );
    addToBag.disabled = isSoldOut;
    addToBag.addEventListener('click', () => {
      const { id, title, priceCents, currency, imageUrl, merchantId } = product;
      cart.add({ productId: id, title, priceCents, currency, imageUrl, merchantId, streamId: this.#streamId });
      addToBag.textContent = 'In your bag ✓';
      this.#renderBagLink();
    });
    const image = product.imageUrl
      ? h('img', { attrs: { src: product.imageUrl, alt: '', width: '72', height: '72', loading: 'lazy' } })
      : h('span', { className: 'showcase-no-image', attrs: { 'aria-hidden': 'true' } });
    return h(
      'li',
      { className: isPinned ? 'showcase-item is-pinned' : 'showcase-item', attrs: { 'data-product-id': product.id } },
      h('span', { className: 'showcase-position', attrs: { 'aria-hidden': 'true' } }, String(position)),
      image,
      h(
        'div',
        { className: 'showcase-info' },
        isPinned ? h('span', { className: 'pin-badge' }, 'Pinned now') : null,
        h('p', { className: 'showcase-title' }, product.title),
        h('p', { className: 'price' }, formatMoney(product.priceCents, product.currency)),
        h('p', { className: 'muted small showcase-stock' }, isSoldOut ? 'Sold out' : `${product.stock} in stock`),
      ),
      h('div', { className: 'showcase-actions' }, buy, addToBag),
    );
  }
}
