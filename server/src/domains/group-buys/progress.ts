import type { GroupStatus, OrderStatus } from '../../../../db/schema/index.ts';

const PAID = new Set<OrderStatus>(['paid', 'shipped', 'delivered', 'completed']);
const GONE = new Set<OrderStatus>(['cancelled', 'refunded']);

/** Members still in the group (order neither cancelled nor refunded) and those among them who paid. */
export interface Tally {
  joined: number;
  paid: number;
}

/**
 * Whether a member's order keeps them in the group. A cancelled or refunded order has left it
 * (its place is free again), except that a failed group, which refunded everyone, still counts
 * those who had paid.
 */
export function holdsPlace(groupStatus: GroupStatus, orderStatus: OrderStatus | undefined): boolean {
  if (orderStatus === undefined) return false;
  return groupStatus === 'failed' ? orderStatus !== 'cancelled' : !GONE.has(orderStatus);
}

/**
 * Counts a group's members from their orders' statuses. A failed group has refunded everyone, so
 * it shows who had joined and paid before it closed instead of zeros.
 */
export function tally(status: GroupStatus, orderStatuses: readonly (OrderStatus | undefined)[]): Tally {
  const members = orderStatuses.filter((s) => holdsPlace(status, s));
  const hasPaid = (s: OrderStatus | undefined) => isPaid(s) || (status === 'failed' && s === 'refunded');
  return { joined: members.length, paid: members.filter(hasPaid).length };
}

export function isPaid(status: OrderStatus | undefined): boolean {
  return status !== undefined && PAID.has(status);
}
