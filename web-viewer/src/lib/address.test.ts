import { describe, expect, it } from 'vitest';
import { checkAddressField, countryName, fieldOfDetailPath, validateAddress } from './address.ts';

const VALID = { name: ' Li Lei ', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'cn' };

describe('validateAddress()', () => {
  it('returns the trimmed address with an upper-case country and without empty optional fields', () => {
    expect(validateAddress({ ...VALID, phone: ' ', line2: '' })).toEqual({
      errors: {},
      address: { name: 'Li Lei', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' },
    });
  });

  it('keeps optional fields that have a value', () => {
    expect(validateAddress({ ...VALID, phone: '+86 21 5555 0100', region: 'Shanghai' }).address).toMatchObject({
      phone: '+86 21 5555 0100',
      region: 'Shanghai',
    });
  });

  it('names every missing required field and gives no address', () => {
    const { address, errors } = validateAddress({ phone: '12' });
    expect(address).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['city', 'country', 'line1', 'name', 'phone', 'postalCode']);
  });
});

describe('checkAddressField()', () => {
  it('accepts ISO 3166-1 alpha-2 country codes and refuses names and unknown codes', () => {
    expect(checkAddressField('country', 'CN')).toBeUndefined();
    expect(checkAddressField('country', 'de')).toBeUndefined();
    expect(checkAddressField('country', 'China')).toMatch(/two-letter/);
    expect(checkAddressField('country', 'QQ')).toMatch(/not a country code/);
  });

  it('enforces the server limits on length', () => {
    expect(checkAddressField('postalCode', '1'.repeat(21))).toBe('At most 20 characters');
    expect(checkAddressField('postalCode', '1'.repeat(20))).toBeUndefined();
  });
});

describe('countryName() and fieldOfDetailPath()', () => {
  it('names a region in English and maps server detail paths to form fields', () => {
    expect(countryName('CN', 'en')).toBe('China');
    expect(countryName('cn', 'en')).toBeUndefined();
    expect(fieldOfDetailPath('body.shippingAddress.postalCode')).toBe('postalCode');
    expect(fieldOfDetailPath('body.items')).toBeUndefined();
  });
});
