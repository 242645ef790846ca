import { type CartLine, cart } from '../../lib/cart.ts';
import { h } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';

/** The bag's lines grouped by merchant: each group becomes one order (and one parcel). */
export function renderCartLines(list: HTMLElement, lines: readonly CartLine[]): void {
  const groups = new Map<string, CartLine[]>();
  for (const line of lines) groups.set(line.merchantId, [...(groups.get(line.merchantId) ?? []), line]);
  let parcel = 0;
  list.replaceChildren(
    ...[...groups.values()].map((group) => {
      parcel += 1;
      return h(
        'li',
        { className: 'cart-parcel card' },
        h('p', { className: 'eyebrow' }, groups.size > 1 ? `Parcel ${parcel} of ${groups.size} · its own order` : 'One parcel'),
        h('ul', { className: 'cart-lines' }, ...group.map(lineItem)),
      );
    }),
  );
}

function lineItem(line: CartLine): HTMLLIElement {
  const quantity = h('input', {
    className: 'cart-quantity',
    attrs: {
      type: 'number',
      min: '1',
      max: '100',
      inputmode: 'numeric',
      value: String(line.quantity),
      'aria-label': `Quantity of ${line.title}`,
    },
  });
  quantity.addEventListener('change', () => cart.setQuantity(line.productId, Number(quantity.value) || 1));
  const remove = h(
    'button',
    { className: 'button button-outline cart-remove', attrs: { type: 'button', 'aria-label': `Remove ${line.title}` } },
    'Remove',
  );
  remove.addEventListener('click', () => cart.remove(line.productId));
  const image = line.imageUrl
    ? h('img', { attrs: { src: line.imageUrl, alt: '', width: '64', height: '64', loading: 'lazy' } })
    : h('span', { className: 'product-thumb-placeholder' }, (line.title.trim()[0] ?? '·').toUpperCase());
  return h(
    'li',
    { className: 'cart-line', attrs: { 'data-product-id': line.productId } },
    h('div', { className: 'cart-thumb', attrs: { 'aria-hidden': 'true' } }, image),
    h(
      'div',
      { className: 'cart-line-body' },
      h('a', { className: 'cart-line-title', attrs: { href: `/products/${encodeURIComponent(line.productId)}` } }, line.title),
      h('p', { className: 'muted small' }, `${formatMoney(line.priceCents, line.currency)} each`),
    ),
    h('div', { className: 'cart-line-actions' }, quantity, remove),
  );
}
