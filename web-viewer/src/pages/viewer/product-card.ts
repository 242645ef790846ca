import type { PinnedProductPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import type { SaleOffer } from './flash-sale-panel.ts';

/**
 * The product the host pinned, floating over the video on a phone: picture, price, live stock
 * and Buy. While a flash sale runs on it the card shows the sale price (the list price struck
 * through) and its Buy reserves from the sale, so the same item is never offered at full price
 * beside the flash price. After the show there is no Buy on the video.
 */
export class PinnedCard {
  readonly #card = byId('product-card');
  readonly #image = byId('product-image', HTMLImageElement);
  readonly #eyebrow = byId('product-eyebrow');
  readonly #title = byId('product-title');
  readonly #price = byId('product-price');
  readonly #listPrice = byId('product-list-price');
  readonly #stock = byId('product-stock');
  readonly #buy = byId('product-buy', HTMLButtonElement);
  #product: PinnedProductPayload | null = null;
  #offer: SaleOffer | undefined;
  #isOver = false;

  constructor(options: { onBuy: (product: PinnedProductPayload) => void; onBuyFlash: () => void }) {
    this.#buy.addEventListener('click', () => {
      if (!this.#product) return;
      if (this.#offer) options.onBuyFlash();
      else options.onBuy(this.#product);
    });
  }

  get productId(): string | null {
    return this.#product?.id ?? null;
  }

  /** The host pinned `product` (null: unpinned). */
  setProduct(product: PinnedProductPayload | null): void {
    this.#product = product;
    this.#render();
  }

  /** `product:stock` for the pinned product. */
  setStock(productId: string, stock: number): void {
    if (this.#product?.id !== productId) return;
    this.#product = { ...this.#product, stock };
    this.#render();
    this.#stock.classList.remove('is-moved');
    // Reading layout restarts the highlight when stock moves twice in a row.
    void this.#stock.offsetWidth;
    this.#stock.classList.add('is-moved');
  }

  /** The flash sale's offer on the pinned product, or undefined when no sale runs on it. */
  setSaleOffer(offer: SaleOffer | undefined): void {
    this.#offer = offer;
    this.#render();
  }

  /** The show ended: the card leaves the video (the products stay in "Shop this show"). */
  setOver(isOver: boolean): void {
    this.#isOver = isOver;
    this.#render();
  }

  #render(): void {
    const product = this.#product;
    show(this.#card, product !== null && !this.#isOver);
    if (!product) return;
    show(this.#image, Boolean(product.imageUrl));
    if (product.imageUrl && this.#image.getAttribute('src') !== product.imageUrl) this.#image.src = product.imageUrl;
    this.#image.alt = product.title;
    this.#title.textContent = product.title;
    const offer = this.#offer;
    this.#card.classList.toggle('is-flash', offer !== undefined);
    this.#eyebrow.textContent = offer ? 'Flash price · pinned' : 'Pinned by the host';
    if (offer) {
      this.#price.textContent = formatMoney(offer.priceCents, offer.currency);
      this.#listPrice.textContent = product.priceCents > offer.priceCents ? formatMoney(product.priceCents, product.currency) : '';
      this.#stock.textContent = offer.stockText;
      this.#buy.disabled = offer.disabled;
      this.#buy.textContent = offer.label;
      this.#buy.setAttribute('aria-label', `${offer.label}: ${product.title} at the flash price`);
      return;
    }
    this.#price.textContent = formatMoney(product.priceCents, product.currency);
    this.#listPrice.textContent = '';
    const isSoldOut = product.stock <= 0;
    this.#stock.textContent = isSoldOut ? 'Sold out' : product.stock <= 5 ? `Only ${product.stock} left` : `${product.stock} in stock`;
    this.#buy.disabled = isSoldOut;
    this.#buy.textContent = isSoldOut ? 'Sold out' : 'Buy';
    this.#buy.setAttribute('aria-label', isSoldOut ? `${product.title} is sold out` : `Buy ${product.title}`);
  }
}
