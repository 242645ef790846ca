import type { StreamApproval } from '../../../../db/schema/stream-offers.ts';
import type { GroupUpdatePayload } from '../../realtime/contract.ts';
import type { PlacedOrder } from '../orders/views.ts';

/** What the group-buy API and `group:watch` answer; the pages import these types too. */

export interface GroupView extends GroupUpdatePayload {
  productId: string;
  groupPriceCents: number;
  currency: string;
  shareUrl: string;
  /** The viewer's place in the group; null for an anonymous viewer and a non-member. */
  membership: MemberView | null;
}

/** A member's place: when they joined and the order they pay with. */
export interface MemberView {
  joinedAt: string;
  order: PlacedOrder;
}

export interface GroupOfferView {
  id: string;
  productId: string;
  merchantId: string;
  streamId: string | null;
  /** The stream KOL's consent (null without a stream): only an accepted offer shows in the stream. */
  streamApproval: StreamApproval | null;
  groupPriceCents: number;
  listPriceCents: number;
  currency: string;
  groupSize: number;
  windowMinutes: number;
  createdAt: string;
  openGroups: GroupView[];
}

/** What opening or joining a group answers: the group after the change and the order to pay. */
export interface Membership {
  group: GroupView;
  order: PlacedOrder;
}
