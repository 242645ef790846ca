import '../../styles/catalogue.css';
import { h } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import type { ModeratedProduct } from '../../lib/moderation-api.ts';

export interface ProductTileActions {
  onEdit: (product: ModeratedProduct) => void;
  onArchive: (product: ModeratedProduct) => void;
  onRestore: (product: ModeratedProduct) => void;
  onFlashSale: (productId: string) => void;
}

/** Why a product is not listed: moderation, or the merchant archived it. */
function statusBadge(product: ModeratedProduct): HTMLElement | null {
  if (product.status === 'taken_down') {
    return h(
      'p',
      { className: 'moderation-badge' },
      h('strong', {}, 'Taken down'),
      product.moderation?.reason ? `: ${product.moderation.reason}` : ' by Streamcart',
    );
  }
  if (product.status === 'suspended') return h('p', { className: 'moderation-badge is-suspended' }, 'Hidden while your shop is suspended');
  if (product.status === 'archived') return h('p', { className: 'archived-badge' }, 'Archived: not listed or sold');
  return null;
}

function button(label: string, className: string, onClick: () => void, ariaLabel: string): HTMLButtonElement {
  const element = h('button', { className, attrs: { type: 'button', 'aria-label': ariaLabel } }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** One product of the catalogue with what can be done to it; buttons name the product for screen readers. */
export function productTile(product: ModeratedProduct, actions: ProductTileActions, isLocked: boolean): HTMLLIElement {
  const name = product.title;
  const isActive = product.status === 'active';
  const isEditable = isActive || product.status === 'archived';
  const edit = button('Edit', 'button button-outline small', () => actions.onEdit(product), `Edit ${name}`);
  const sale = button(
    'Run a flash sale',
    'button button-outline small',
    () => actions.onFlashSale(product.id),
    `Run a flash sale of ${name}`,
  );
  const archive = isActive
    ? button('Archive', 'link-button danger small', () => actions.onArchive(product), `Archive ${name}`)
    : button('Put back on sale', 'link-button small', () => actions.onRestore(product), `Put ${name} back on sale`);
  for (const control of [edit, sale, archive]) control.disabled = isLocked;
  return h(
    'li',
    { className: 'product-tile card', attrs: { 'data-product-id': product.id, 'data-status': product.status } },
    product.imageUrl
      ? h('img', { attrs: { src: product.imageUrl, alt: '', width: '160', height: '160', loading: 'lazy' } })
      : h('div', { className: 'product-tile-noimage', attrs: { 'aria-hidden': 'true' } }, 'No picture'),
    h('h3', {}, name),
    product.category ? h('p', { className: 'muted small product-tile-category' }, product.category) : null,
    h('p', { className: 'price' }, formatMoney(product.priceCents, product.currency)),
    h('p', { className: 'muted small' }, `${product.stock} in stock · ${product.kolCommissionBps / 100}% to KOLs`),
    statusBadge(product),
    h(
      'div',
      { className: 'product-tile-actions' },
      isEditable ? edit : null,
      isActive ? sale : null,
      isEditable ? archive : null,
      h(
        'a',
        {
          className: 'link-button small',
          attrs: {
            href: `/products/${encodeURIComponent(product.id)}`,
            target: '_blank',
            rel: 'noopener',
            'aria-label': `View the page of ${name} (opens in a new tab)`,
          },
        },
        'View page',
      ),
    ),
  );
}
