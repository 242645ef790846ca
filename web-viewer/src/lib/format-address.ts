import type { ShippingAddress } from './orders-api.ts';

/** "1 Century Avenue, Apt 5, Shanghai 200120, CN": an address on one line, for lists and pickers. */
export function formatAddressLine(address: ShippingAddress): string {
  const street = [address.line1, address.line2].filter(Boolean).join(', ');
  const city = [address.city, address.region, address.postalCode].filter(Boolean).join(' ');
  return [street, city, address.country].filter(Boolean).join(', ');
}
