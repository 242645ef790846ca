import type { GroupUpdatePayload } from '../../../server/src/realtime/contract.ts';
import { api } from './api.ts';

/** The order a member pays with (held until the group fills). */
export interface GroupOrder {
  id: string;
  status: string;
  totalCents: number;
  currency: string;
  paymentId: string;
}

/** GET /api/groups/:id: a group's progress, and the signed-in caller's place in it. */
export interface Group extends GroupUpdatePayload {
  productId: string;
  groupPriceCents: number;
  currency: string;
  shareUrl: string;
  /** Null for an anonymous caller and for one who is not in the group (an unpaid order that lapsed left it). */
  membership: { joinedAt: string; order: GroupOrder } | null;
}

/** GET /api/group-offers/:id: a merchant's group price and the groups still taking members. */
export interface GroupOffer {
  id: string;
  productId: string;
  streamId: string | null;
  groupPriceCents: number;
  listPriceCents: number;
  currency: string;
  groupSize: number;
  windowMinutes: number;
  openGroups: Group[];
}

/** What opening or joining answers: the group and the order to pay (held until the group fills). */
export interface Membership {
  group: Group;
  order: GroupOrder;
}

export interface GroupShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The stream's offers; with a token, each group says whether the caller is in it. */
export const listGroupOffers = (streamId: string, token?: string) =>
  api<{ items: GroupOffer[] }>('GET', `/api/group-offers?streamId=${encodeURIComponent(streamId)}`, { token }).then((r) => r.items);

/** A group; with a token, it says whether the caller is in it. */
export const getGroup = (groupId: string, token?: string) => api<Group>('GET', `/api/groups/${encodeURIComponent(groupId)}`, { token });

/** Opens a group on `offerId`, or joins `groupId`. Throws ApiError (GROUP_FULL, GROUP_EXPIRED, ALREADY_IN_GROUP …). */
export function enterGroup(
  token: string,
  target: { offerId: string } | { groupId: string },
  shippingAddress: GroupShippingAddress,
): Promise<Membership> {
  const path =
    'offerId' in target
      ? `/api/group-offers/${encodeURIComponent(target.offerId)}/groups`
      : `/api/groups/${encodeURIComponent(target.groupId)}/join`;
  return api<Membership>('POST', path, { token, body: { shippingAddress } });
}
