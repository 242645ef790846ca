import { ADDRESS_FIELDS, type AddressField, checkAddressField, validateAddress } from './address.ts';
import { h } from './dom.ts';
import type { ShippingAddress } from './orders-api.ts';

/**
 * The address inputs (the checkout's fields, limits and messages) for forms outside the checkout:
 * the address book and a store's return address. Ids start with `prefix`.
 */
export class AddressFields {
  readonly element = h('div', { className: 'address-grid' });
  readonly #inputs = new Map<AddressField, { input: HTMLInputElement; error: HTMLElement }>();

  constructor(prefix: string) {
    for (const spec of ADDRESS_FIELDS) {
      const id = `${prefix}-${spec.field}`;
      const input = h('input', {
        attrs: {
          id,
          name: spec.field,
          autocomplete: spec.autocomplete,
          maxlength: String(spec.maxLength),
          'aria-describedby': `${id}-error`,
          ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
          ...(spec.inputMode ? { inputmode: spec.inputMode } : {}),
        },
      });
      input.required = spec.isRequired;
      const error = h('span', { className: 'field-error', attrs: { id: `${id}-error` } });
      input.addEventListener('blur', () =>
        this.#show(spec.field, input.value.trim() ? checkAddressField(spec.field, input.value) : undefined),
      );
      this.element.append(
        h(
          'div',
          { className: `address-cell address-${spec.field}` },
          h(
            'label',
            { className: 'field', attrs: { for: id } },
            h('span', {}, spec.label, spec.isRequired ? '' : h('span', { className: 'optional' }, ' (optional)')),
          ),
          input,
          error,
        ),
      );
      this.#inputs.set(spec.field, { input, error });
    }
  }

  fill(address: Partial<ShippingAddress>): void {
    for (const [field, { input }] of this.#inputs) input.value = address[field] ?? '';
    for (const field of this.#inputs.keys()) this.#show(field, undefined);
  }

  /** The checked address, or undefined after marking the fields that are wrong (the first gets focus). */
  read(): ShippingAddress | undefined {
    const values = Object.fromEntries([...this.#inputs].map(([field, { input }]) => [field, input.value]));
    const { address, errors } = validateAddress(values);
    for (const field of this.#inputs.keys()) this.#show(field, errors[field]);
    if (!address) this.#inputs.get(ADDRESS_FIELDS.find(({ field }) => errors[field])?.field ?? 'name')?.input.focus();
    return address;
  }

  #show(field: AddressField, message: string | undefined): void {
    const entry = this.#inputs.get(field);
    if (!entry) return;
    entry.error.textContent = message ?? '';
    if (message) entry.input.setAttribute('aria-invalid', 'true');
    else entry.input.removeAttribute('aria-invalid');
  }
}

/** "Li Lei, 1 Century Avenue, Shanghai 200120, CN" */
export function addressLine(address: ShippingAddress): string {
  return [address.name, address.line1, address.line2, `${address.city} ${address.postalCode}`, address.region, address.country]
    .filter(Boolean)
    .join(', ');
}
