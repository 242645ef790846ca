import type { ShippingAddress } from './orders-api.ts';

export type AddressField = keyof ShippingAddress;

export interface AddressFieldSpec {
  field: AddressField;
  label: string;
  autocomplete: string;
  maxLength: number;
  isRequired: boolean;
  placeholder?: string;
  inputMode?: string;
}

/** The form's fields in order, with the server's limits (server/src/schemas.ts ShippingAddressSchema). */
export const ADDRESS_FIELDS: readonly AddressFieldSpec[] = [
  { field: 'name', label: 'Full name', autocomplete: 'name', maxLength: 200, isRequired: true },
  { field: 'phone', label: 'Phone', autocomplete: 'tel', maxLength: 40, isRequired: false, inputMode: 'tel' },
  { field: 'line1', label: 'Address', autocomplete: 'address-line1', maxLength: 300, isRequired: true, placeholder: 'Street and number' },
  {
    field: 'line2',
    label: 'Apartment, suite, floor',
    autocomplete: 'address-line2',
    maxLength: 300,
    isRequired: false,
  },
  { field: 'city', label: 'City', autocomplete: 'address-level2', maxLength: 120, isRequired: true },
  { field: 'region', label: 'Province or state', autocomplete: 'address-level1', maxLength: 120, isRequired: false },
  { field: 'postalCode', label: 'Postal code', autocomplete: 'postal-code', maxLength: 20, isRequired: true },
  { field: 'country', label: 'Country code', autocomplete: 'country', maxLength: 2, isRequired: true, placeholder: 'CN' },
];

const REQUIRED_MESSAGES: Partial<Record<AddressField, string>> = {
  name: "Enter the recipient's name",
  line1: 'Enter the street address',
  city: 'Enter the city',
  postalCode: 'Enter the postal code',
  country: 'Enter a two-letter country code such as CN',
};

const PHONE = /^\+?[\d\s().-]{5,40}$/;

const regionNames = new Map<string, Intl.DisplayNames>();

/** "CN" → "China" (in `locale`, by default the browser's); undefined for a code that names no region. */
export function countryName(code: string, locale = ''): string | undefined {
  // ZZ is "Unknown Region" in CLDR, not a country.
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ') return undefined;
  try {
    let names = regionNames.get(locale);
    if (!names) {
      names = new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'region', fallback: 'none' });
      regionNames.set(locale, names);
    }
    return names.of(code);
  } catch {
    return undefined;
  }
}

/** The message for one field's value, or undefined when it is fine. */
export function checkAddressField(field: AddressField, raw: string): string | undefined {
  const value = raw.trim();
  const spec = ADDRESS_FIELDS.find((f) => f.field === field);
  if (!spec) return undefined;
  if (!value) return spec.isRequired ? REQUIRED_MESSAGES[field] : undefined;
  if (field === 'country') {
    if (!/^[A-Za-z]{2}$/.test(value)) return 'Use the two-letter code (ISO 3166-1), such as CN or US';
    if (!countryName(value.toUpperCase())) return `${value.toUpperCase()} is not a country code we know`;
  }
  if (value.length > spec.maxLength) return `At most ${spec.maxLength} characters`;
  if (field === 'phone' && !PHONE.test(value)) return 'Use digits, spaces and + - ( ) only';
  return undefined;
}

/** Checks every field; the address (trimmed, country upper-cased, empty optionals left out) when all are fine. */
export function validateAddress(values: Partial<Record<AddressField, string>>): {
  address?: ShippingAddress;
  errors: Partial<Record<AddressField, string>>;
} {
  const errors: Partial<Record<AddressField, string>> = {};
  for (const { field } of ADDRESS_FIELDS) {
    const message = checkAddressField(field, values[field] ?? '');
    if (message) errors[field] = message;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const clean = (field: AddressField) => (values[field] ?? '').trim();
  const optional = (field: 'phone' | 'line2' | 'region') => (clean(field) ? { [field]: clean(field) } : {});
  return {
    errors,
    address: {
      name: clean('name'),
      ...optional('phone'),
      line1: clean('line1'),
      ...optional('line2'),
      city: clean('city'),
      ...optional('region'),
      postalCode: clean('postalCode'),
      country: clean('country').toUpperCase(),
    },
  };
}

/** The form field a server VALIDATION_FAILED detail points at ("body.shippingAddress.postalCode"). */
export function fieldOfDetailPath(path: string): AddressField | undefined {
  const match = /shippingAddress\.(\w+)/.exec(path);
  const field = match?.[1];
  return ADDRESS_FIELDS.find((f) => f.field === field)?.field;
}
