import type { PinnedProductPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';

const card = byId('product-card');
const image = byId('product-image', HTMLImageElement);
const title = byId('product-title');
const price = byId('product-price');
const stock = byId('product-stock');

/** Shows the product the host pinned, or hides the card when nothing is pinned. */
export function renderPinnedProduct(product: PinnedProductPayload | null): void {
  show(card, product !== null);
  if (!product) return;
  show(image, Boolean(product.imageUrl));
  if (product.imageUrl) image.src = product.imageUrl;
  image.alt = product.title;
  title.textContent = product.title;
  price.textContent = formatMoney(product.priceCents, product.currency);
  stock.textContent = product.stock > 0 ? `${product.stock} in stock` : 'Sold out';
}
