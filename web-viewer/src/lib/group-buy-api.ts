import type { GroupOfferView, GroupView, Membership, MemberView } from '../../../server/src/domains/group-buys/views.ts';
import { api } from './api.ts';

/** The response shapes come from the server's own view types, so the card and the API cannot drift apart. */
/** GET /api/groups/:id: a group's progress, and the signed-in caller's place in it (null when not in it). */
export type Group = GroupView;
/** The order a member pays with (held until the group fills). */
export type GroupOrder = MemberView['order'];
/** GET /api/group-offers/:id: a merchant's group price and the groups still taking members. */
export type GroupOffer = GroupOfferView;
/** What opening or joining answers: the group and the order to pay (held until the group fills). */
export type { Membership };

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
