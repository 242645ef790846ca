import { cart } from './cart.ts';
import { h } from './dom.ts';

/** "Bag · 3" in the header, linking to /cart; the count follows the bag in every tab. */
export function mountBagLink(slot: HTMLElement): HTMLAnchorElement {
  const count = h('span', { className: 'bag-count' });
  const link = h(
    'a',
    { className: 'bag-link', attrs: { href: '/cart' } },
    h('span', { attrs: { 'aria-hidden': 'true' } }, '👜'),
    ' Bag',
    count,
  );
  const render = () => {
    const n = cart.count();
    count.textContent = n > 0 ? ` · ${n}` : '';
    link.setAttribute('aria-label', n > 0 ? `Bag, ${n} item${n === 1 ? '' : 's'}` : 'Bag, empty');
  };
  render();
  cart.onChange(render);
  slot.prepend(link);
  return link;
}
