import { z } from 'zod';
import { Cents, ShippingAddressSchema, text } from '../../schemas.ts';
import { StreamApprovalSchema } from '../flash-sales/schema.ts';

const id = text().min(1).max(100);

export const CreateGroupOfferBody = z.object({
  productId: id,
  streamId: id.optional(),
  groupPriceCents: Cents.min(1),
  groupSize: z.number().int().min(2).max(100),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});
export type CreateGroupOfferInput = z.infer<typeof CreateGroupOfferBody>;

export const ListGroupOffersQuery = z.object({ streamId: id });

export const MembershipBody = z.object({
  shippingAddress: ShippingAddressSchema,
  /** A share link's code, as on POST /api/orders; without it, the share-link cookie (sc_ref) counts. */
  referralCode: text().min(1).max(64).optional(),
});
export type MembershipInput = z.infer<typeof MembershipBody>;

const MemberOrder = z.object({
  id: z.string(),
  status: z.string(),
  totalCents: z.number().int(),
  currency: z.string(),
  paymentId: z.string(),
});

export const GroupResponse = z.object({
  id: z.string(),
  offerId: z.string(),
  productId: z.string(),
  streamId: z.string().nullable(),
  status: z.enum(['open', 'succeeded', 'failed']),
  size: z.number().int(),
  joined: z.number().int(),
  paid: z.number().int(),
  deadline: z.string(),
  groupPriceCents: z.number().int(),
  currency: z.string(),
  shareUrl: z.string(),
  /**
   * The caller's place in the group and the order they pay with; null for an anonymous caller and
   * for one who is not a member (a member whose unpaid order lapsed has left).
   */
  membership: z.object({ joinedAt: z.string(), order: MemberOrder }).nullable(),
});

export const GroupOfferResponse = z.object({
  id: z.string(),
  productId: z.string(),
  merchantId: z.string(),
  streamId: z.string().nullable(),
  streamApproval: StreamApprovalSchema.nullable(),
  groupPriceCents: z.number().int(),
  listPriceCents: z.number().int(),
  currency: z.string(),
  groupSize: z.number().int(),
  windowMinutes: z.number().int(),
  createdAt: z.string(),
  /** Groups still taking members, soonest deadline first. */
  openGroups: z.array(GroupResponse),
});

export const MembershipResponse = z.object({
  group: GroupResponse,
  order: MemberOrder,
});
