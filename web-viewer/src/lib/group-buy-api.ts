import type { GroupUpdatePayload } from '../../../server/src/realtime/contract.ts';
import { api } from './api.ts';

/** GET /api/groups/:id: a group's progress. */
export interface Group extends GroupUpdatePayload {
  productId: string;
  groupPriceCents: number;
  currency: string;
  shareUrl: string;
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
  order: { id: string; status: string; totalCents: number; currency: string; paymentId: string };
}

export interface GroupShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

export const listGroupOffers = (streamId: string) =>
  api<{ items: GroupOffer[] }>('GET', `/api/group-offers?streamId=${encodeURIComponent(streamId)}`).then((r) => r.items);

export const getGroup = (groupId: string) => api<Group>('GET', `/api/groups/${encodeURIComponent(groupId)}`);

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
