import { addAddress, deleteAddress, listAddresses, type SavedAddressView, updateAddress } from '../../lib/accounts-api.ts';
import { AddressFields, addressLine } from '../../lib/address-fields.ts';
import { ApiError } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';

/** The address book: saved addresses (the default first) with Make default, Edit and Delete, and a form to add or edit one. */
export class AddressBookCard {
  readonly element = h('section', { className: 'card account-card', attrs: { id: 'addresses', 'aria-labelledby': 'addresses-title' } });
  readonly #token: () => string;
  readonly #list = h('ul', { className: 'address-list', attrs: { id: 'address-list', 'aria-live': 'polite' } });
  readonly #empty = h('p', { className: 'muted small' }, 'No saved addresses yet. The checkout fills in your default one.');
  readonly #fields = new AddressFields('book');
  readonly #isDefault = h('input', { attrs: { type: 'checkbox', id: 'book-default' } });
  readonly #form: HTMLFormElement;
  readonly #formTitle = h('h3', { className: 'address-form-title' });
  readonly #save = h('button', { className: 'button', attrs: { type: 'submit', id: 'book-save' } }, 'Save address');
  readonly #cancel = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Cancel');
  readonly #add = h('button', { className: 'button button-outline', attrs: { type: 'button', id: 'book-add' } }, 'Add an address');
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  #editing: string | undefined;

  constructor(deps: { token: () => string }) {
    this.#token = deps.token;
    this.#error.hidden = true;
    this.#form = h(
      'form',
      { className: 'address-form checkout-address', attrs: { novalidate: '', 'aria-labelledby': 'book-form-title' } },
      this.#formTitle,
      this.#fields.element,
      h('label', { className: 'check-field' }, this.#isDefault, ' Use as my default address'),
      h('div', { className: 'form-actions' }, this.#save, this.#cancel),
    );
    this.#formTitle.id = 'book-form-title';
    this.#form.hidden = true;
    this.element.append(
      h('h2', { className: 'card-title', attrs: { id: 'addresses-title' } }, 'Addresses'),
      this.#list,
      this.#empty,
      this.#add,
      this.#form,
      this.#error,
    );
    this.#add.addEventListener('click', () => this.#openForm(undefined));
    this.#cancel.addEventListener('click', () => this.#closeForm());
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
  }

  async load(): Promise<void> {
    try {
      this.#render(await listAddresses(this.#token()));
    } catch (error) {
      this.#fail(error);
    }
  }

  #render(items: SavedAddressView[]): void {
    show(this.#empty, items.length === 0);
    this.#list.replaceChildren(...items.map((item) => this.#row(item)));
  }

  #row(item: SavedAddressView): HTMLLIElement {
    const button = (label: string, action: () => Promise<unknown>) => {
      const b = h(
        'button',
        { className: 'link-button small', attrs: { type: 'button', 'aria-label': `${label}: ${addressLine(item.address)}` } },
        label,
      );
      b.addEventListener('click', () => {
        b.disabled = true;
        action().then(
          () => this.load(),
          (error: unknown) => {
            b.disabled = false;
            this.#fail(error);
          },
        );
      });
      return b;
    };
    const edit = h(
      'button',
      { className: 'link-button small', attrs: { type: 'button', 'aria-label': `Edit: ${addressLine(item.address)}` } },
      'Edit',
    );
    edit.addEventListener('click', () => this.#openForm(item));
    return h(
      'li',
      { className: 'address-item', attrs: { 'data-address-id': item.id } },
      h(
        'div',
        {},
        h('p', { className: 'address-name' }, item.address.name, item.isDefault ? h('span', { className: 'badge' }, 'Default') : null),
        h('p', { className: 'muted small' }, addressLine(item.address).split(', ').slice(1).join(', ')),
      ),
      h(
        'div',
        { className: 'address-actions' },
        item.isDefault ? null : button('Make default', () => updateAddress(this.#token(), item.id, { isDefault: true })),
        edit,
        button('Delete', () => deleteAddress(this.#token(), item.id)),
      ),
    );
  }

  #openForm(item: SavedAddressView | undefined): void {
    this.#editing = item?.id;
    this.#formTitle.textContent = item ? 'Edit address' : 'New address';
    this.#fields.fill(item?.address ?? {});
    this.#isDefault.checked = item?.isDefault ?? false;
    this.#form.hidden = false;
    this.#add.hidden = true;
    this.#form.querySelector('input')?.focus();
  }

  #closeForm(): void {
    this.#form.hidden = true;
    this.#add.hidden = false;
    this.#editing = undefined;
  }

  async #submit(): Promise<void> {
    const address = this.#fields.read();
    if (!address) return;
    this.#save.disabled = true;
    this.#error.hidden = true;
    try {
      if (this.#editing) {
        // Optional fields left empty are cleared, not kept from before.
        const cleared = { phone: '', line2: '', region: '' };
        await updateAddress(this.#token(), this.#editing, {
          ...cleared,
          ...address,
          ...(this.#isDefault.checked ? { isDefault: true } : {}),
        });
      } else await addAddress(this.#token(), { ...address, isDefault: this.#isDefault.checked });
      this.#closeForm();
      await this.load();
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#save.disabled = false;
    }
  }

  #fail(error: unknown): void {
    this.#error.textContent = error instanceof ApiError ? error.message : 'Could not reach the server; try again.';
    this.#error.hidden = false;
  }
}
