import type { GroupStatus, OrderStatus } from '../../../../db/schema/index.ts';

const PAID = new Set<OrderStatus>(['paid', 'shipped', 'delivered', 'completed']);
const GONE = new Set<OrderStatus>(['cancelled', 'refunded']);

/** Members still in the group (order neither cancelled nor refunded) and those among them who paid. */
export interface Tally {
  joined: number;
  paid: number;
}

/**
 * Counts a group's members from their orders' statuses. A failed group has refunded everyone, so
 * it shows who had joined and paid before it closed instead of zeros.
 */
export function tally(status: GroupStatus, orderStatuses: readonly (OrderStatus | undefined)[]): Tally {
  const known = orderStatuses.filter((s) => s !== undefined);
  if (status === 'failed') {
    return { joined: known.filter((s) => s !== 'cancelled').length, paid: known.filter((s) => s === 'refunded' || PAID.has(s)).length };
  }
  return { joined: known.filter((s) => !GONE.has(s)).length, paid: known.filter((s) => PAID.has(s)).length };
}

export function isPaid(status: OrderStatus | undefined): boolean {
  return status !== undefined && PAID.has(status);
}
