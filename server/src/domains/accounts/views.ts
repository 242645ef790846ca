import type { MerchantStoreStatus } from '../../../../db/schema/accounts.ts';
import type { ShippingAddress } from '../../../../db/schema/orders.ts';
import type { Role } from '../../../../db/schema/users.ts';

/** What the accounts API answers; the pages import these types too. */

export interface AccountUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: string;
}

export interface CreatorProfileView {
  bio: string;
  createdAt: string;
}

export interface StoreView {
  userId: string;
  name: string;
  logoUrl: string | null;
  returnAddress: ShippingAddress;
  status: MerchantStoreStatus;
  declineReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface AccountView {
  user: AccountUser;
  creator: CreatorProfileView | null;
  store: StoreView | null;
  /** How a store request is answered here: at once (`auto`) or by an admin (`admin`). */
  merchantApproval: 'auto' | 'admin';
}

/** After a role change: the account, and a token that carries the new roles. */
export interface AccountChange extends AccountView {
  token: string;
}

/** A store request in the admins' queue. */
export interface StoreRequestView extends StoreView {
  displayName: string;
  email: string;
}

export interface SavedAddressView {
  id: string;
  address: ShippingAddress;
  isDefault: boolean;
  createdAt: string;
}
