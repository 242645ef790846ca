import type { PinnedProductPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';

const card = byId('product-card');
const image = byId('product-image', HTMLImageElement);
const title = byId('product-title');
const price = byId('product-price');
const stock = byId('product-stock');
const buy = byId('product-buy', HTMLButtonElement);
let pinned: PinnedProductPayload | null = null;

/** Shows the product the host pinned, or hides the card when nothing is pinned. */
export function renderPinnedProduct(product: PinnedProductPayload | null): void {
  pinned = product;
  show(card, product !== null);
  if (!product) return;
  show(image, Boolean(product.imageUrl));
  if (product.imageUrl) image.src = product.imageUrl;
  image.alt = product.title;
  title.textContent = product.title;
  price.textContent = formatMoney(product.priceCents, product.currency);
  stock.textContent = product.stock > 0 ? `${product.stock} in stock` : 'Sold out';
  buy.disabled = product.stock <= 0;
  buy.textContent = product.stock > 0 ? 'Buy' : 'Sold out';
}

/** Calls `handler` with the pinned product when the viewer presses its Buy button. */
export function onBuyPinned(handler: (product: PinnedProductPayload) => void): void {
  buy.addEventListener('click', () => {
    if (pinned) handler(pinned);
  });
}
