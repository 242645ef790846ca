import type { OrderStatus } from '../../../../db/schema/index.ts';

/** The buyer may cancel these: not paid yet, or paid and not handed to a carrier. */
export const CANCELLABLE: ReadonlySet<OrderStatus> = new Set(['pending_payment', 'paid']);

/** The buyer may ask for a refund on these: the parcel left (a delivered or completed one within its return window). */
const REQUESTABLE: ReadonlySet<OrderStatus> = new Set(['shipped', 'delivered', 'completed']);

/**
 * Why the buyer may not ask for a refund on an order now, or undefined when they may. The return
 * window starts at delivery (ORDER_RETURN_WINDOW_MS, the same window after which a delivered order
 * completes by itself); a shipped order has no window yet.
 */
export function refundRequestRefusal(
  status: OrderStatus,
  windowEndsAt: Date | undefined,
  now: Date,
): 'REFUND_NOT_REQUESTABLE' | 'RETURN_WINDOW_CLOSED' | undefined {
  if (!REQUESTABLE.has(status)) return 'REFUND_NOT_REQUESTABLE';
  if (status !== 'shipped' && (!windowEndsAt || now >= windowEndsAt)) return 'RETURN_WINDOW_CLOSED';
  return undefined;
}
