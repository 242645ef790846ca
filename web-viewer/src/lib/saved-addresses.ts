import { addAddress, listAddresses, type SavedAddressView } from './accounts-api.ts';
import { addressLine } from './address-fields.ts';
import { h, show } from './dom.ts';
import type { ShippingAddress } from './orders-api.ts';
import type { Session } from './session.ts';

const same = (a: ShippingAddress, b: ShippingAddress) =>
  (['name', 'phone', 'line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const).every((k) => (a[k] ?? '') === (b[k] ?? ''));

/**
 * The buyer's address book as the checkout uses it: a picker of saved addresses (the default
 * first, filled in at once), and the address of a placed order saved to the account when it is new.
 */
export class SavedAddressPicker {
  readonly element: HTMLElement;
  readonly #select = h('select', { attrs: { id: 'checkout-saved-address', name: 'savedAddress' } });
  readonly #fill: (address: ShippingAddress, why: 'default' | 'picked') => void;
  #items: SavedAddressView[] = [];
  #userId: string | undefined;
  #generation = 0;

  constructor(deps: { fill: (address: ShippingAddress, why: 'default' | 'picked') => void }) {
    this.#fill = deps.fill;
    this.element = h(
      'div',
      { className: 'address-cell saved-address' },
      h('label', { className: 'field', attrs: { for: 'checkout-saved-address' } }, h('span', {}, 'Saved addresses')),
      this.#select,
    );
    show(this.element, false);
    this.#select.addEventListener('change', () => {
      const item = this.#items.find((i) => i.id === this.#select.value);
      if (item) this.#fill(item.address, 'picked');
    });
  }

  /** Reads the signed-in buyer's book and fills in the default address when `fillDefault`. */
  async load(session: Session | undefined, options: { fillDefault: boolean }): Promise<void> {
    const generation = ++this.#generation;
    this.#userId = session?.user.id;
    this.#items = [];
    this.#render();
    if (!session) return;
    const items = await listAddresses(session.token).catch(() => []);
    if (generation !== this.#generation) return;
    this.#items = items;
    this.#render();
    const first = items[0];
    if (first && options.fillDefault) this.#fill(first.address, 'default');
  }

  /** Saves an address the buyer just shipped to, unless the book already has it. */
  async remember(session: Session, address: ShippingAddress): Promise<void> {
    if (session.user.id !== this.#userId || this.#items.some((i) => same(i.address, address))) return;
    const saved = await addAddress(session.token, address).catch(() => undefined);
    if (saved && session.user.id === this.#userId) {
      this.#items = [...this.#items, saved];
      this.#render();
      this.#select.value = saved.id;
    }
  }

  #render(): void {
    this.#select.replaceChildren(
      ...this.#items.map((i) => h('option', { attrs: { value: i.id } }, `${addressLine(i.address)}${i.isDefault ? ' (default)' : ''}`)),
    );
    show(this.element, this.#items.length > 1);
  }
}
