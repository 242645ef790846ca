import { ADDRESS_FIELDS, type AddressField, validateAddress } from '../../lib/address.ts';
import { api } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatAddressLine } from '../../lib/format-address.ts';
import type { ShippingAddress } from '../../lib/orders-api.ts';

interface SavedAddress {
  id: string;
  address: ShippingAddress;
  isDefault: boolean;
}

const NEW = 'new';

/**
 * Where the cart ships: one of the buyer's saved addresses (the default picked), or a new one typed
 * here and saved to the account's address book when the order is placed.
 */
export class AddressPicker {
  readonly element = h('fieldset', { className: 'cart-address' }, h('legend', {}, 'Ship to'));
  readonly #choices = h('div', { className: 'address-choices', attrs: { role: 'radiogroup', 'aria-label': 'Saved addresses' } });
  readonly #form = h('div', { className: 'address-grid' });
  readonly #inputs = new Map<AddressField, HTMLInputElement>();
  readonly #errors = new Map<AddressField, HTMLElement>();
  #saved: SavedAddress[] = [];

  constructor() {
    for (const spec of ADDRESS_FIELDS) {
      const id = `cart-${spec.field}`;
      const input = h('input', {
        attrs: {
          id,
          name: spec.field,
          autocomplete: `shipping ${spec.autocomplete}`,
          maxlength: String(spec.maxLength),
          'aria-describedby': `${id}-error`,
        },
      });
      if (spec.placeholder) input.placeholder = spec.placeholder;
      input.required = spec.isRequired;
      const error = h('span', { className: 'field-error', attrs: { id: `${id}-error` } });
      this.#inputs.set(spec.field, input);
      this.#errors.set(spec.field, error);
      this.#form.append(
        h(
          'div',
          { className: `address-cell address-${spec.field}` },
          h(
            'label',
            { className: 'field', attrs: { for: id } },
            spec.label,
            spec.isRequired ? '' : h('span', { className: 'optional' }, ' (optional)'),
          ),
          input,
          error,
        ),
      );
    }
    this.element.append(this.#choices, this.#form);
    this.#choices.addEventListener('change', () => this.#renderForm());
  }

  /** Loads the signed-in buyer's address book (none when signed out). */
  async load(token: string | undefined): Promise<void> {
    this.#saved = token
      ? await api<{ items: SavedAddress[] }>('GET', '/api/me/addresses', { token })
          .then((answer) => answer.items)
          .catch(() => [])
      : [];
    const radio = (value: string, label: string | HTMLElement, isChecked: boolean) => {
      const input = h('input', { attrs: { type: 'radio', name: 'cart-address', value } });
      input.checked = isChecked;
      return h('label', { className: 'address-choice' }, input, h('span', {}, label));
    };
    this.#choices.replaceChildren(
      ...this.#saved.map((s) =>
        radio(
          s.id,
          h('span', {}, h('strong', {}, s.address.name), ` · ${formatAddressLine(s.address)}`),
          s.isDefault || s === this.#saved[0],
        ),
      ),
      radio(NEW, 'A new address', this.#saved.length === 0),
    );
    show(this.#choices, this.#saved.length > 0);
    this.#renderForm();
  }

  /** The chosen address, or undefined after marking what is wrong in the form. `isNew` means: save it to the book. */
  value(): { address: ShippingAddress; isNew: boolean } | undefined {
    const picked = this.#picked();
    const saved = this.#saved.find((s) => s.id === picked);
    if (saved) return { address: saved.address, isNew: false };
    const values = Object.fromEntries([...this.#inputs].map(([field, input]) => [field, input.value])) as Partial<
      Record<AddressField, string>
    >;
    const { address, errors } = validateAddress(values);
    for (const [field, error] of this.#errors) {
      error.textContent = errors[field] ?? '';
      this.#inputs.get(field)?.setAttribute('aria-invalid', String(Boolean(errors[field])));
    }
    const firstWrong = ADDRESS_FIELDS.find((spec) => errors[spec.field]);
    if (firstWrong) this.#inputs.get(firstWrong.field)?.focus();
    return address ? { address, isNew: true } : undefined;
  }

  #picked(): string {
    return this.#choices.querySelector<HTMLInputElement>('input:checked')?.value ?? NEW;
  }

  #renderForm(): void {
    show(this.#form, this.#picked() === NEW);
  }
}
