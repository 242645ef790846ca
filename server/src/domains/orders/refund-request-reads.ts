import { and, eq, inArray } from 'drizzle-orm';
import { type OrderStatus, orderStatusHistory, refundRequests } from '../../../../db/schema/index.ts';
import type { DbOrTx } from '../catalog/service.ts';
import { CANCELLABLE, refundRequestRefusal } from './return-window.ts';
import type { RefundRequestView } from './views.ts';

export type RefundRequestRow = typeof refundRequests.$inferSelect;

/** What the order views say of after-sales: what the buyer may still do, and the latest request. */
export interface AfterSales {
  canCancel: boolean;
  canRequestRefund: boolean;
  refundRequest: RefundRequestView | null;
}

export function toRefundRequestView(row: RefundRequestRow): RefundRequestView {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
    respondBy: row.respondBy.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    declineReason: row.declineReason,
  };
}

/** The latest refund request of each order (open or answered), by order id; orders without one are left out. */
export async function latestRefundRequests(db: DbOrTx, orderIds: readonly string[]): Promise<Map<string, RefundRequestView>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(refundRequests)
    .where(inArray(refundRequests.orderId, [...orderIds]))
    .orderBy(refundRequests.createdAt, refundRequests.id);
  // Oldest first, so each order's latest request wins.
  return new Map(rows.map((row) => [row.orderId, toRefundRequestView(row)]));
}

/** The ids of orders with an open refund request, as a subquery for `inArray(orders.id, …)`. */
export function ordersWithOpenRefundRequest(db: DbOrTx) {
  return db.select({ orderId: refundRequests.orderId }).from(refundRequests).where(eq(refundRequests.status, 'requested'));
}

/**
 * Of these orders, those whose commissions and merchant net must not settle: a refund request on
 * them is open, or approved (its refund is under way or done). Read in the caller's transaction.
 */
export async function ordersHoldingSettlement(db: DbOrTx, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db
    .select({ orderId: refundRequests.orderId })
    .from(refundRequests)
    .where(and(inArray(refundRequests.orderId, [...orderIds]), inArray(refundRequests.status, ['requested', 'approved'])));
  return new Set(rows.map((r) => r.orderId));
}

/**
 * When each order's return window ends: its delivery (the latest `delivered` step, else its
 * completion) plus `windowMs`, by order id. Orders neither delivered nor completed are left out.
 */
export async function returnWindowEnds(db: DbOrTx, orderIds: readonly string[], windowMs: number): Promise<Map<string, Date>> {
  if (orderIds.length === 0) return new Map();
  const steps = await db
    .select({ orderId: orderStatusHistory.orderId, to: orderStatusHistory.toStatus, at: orderStatusHistory.at })
    .from(orderStatusHistory)
    .where(and(inArray(orderStatusHistory.orderId, [...orderIds]), inArray(orderStatusHistory.toStatus, ['delivered', 'completed'])))
    .orderBy(orderStatusHistory.at);
  const startedAt = new Map<string, Date>();
  for (const step of steps) {
    // Oldest first: the latest delivery wins, and a completion counts only when there was no delivery.
    if (step.to === 'delivered' || !startedAt.has(step.orderId)) startedAt.set(step.orderId, step.at);
  }
  return new Map([...startedAt].map(([orderId, at]) => [orderId, new Date(at.getTime() + windowMs)]));
}

/** After-sales of each order as its buyer sees it at `now`, by order id. */
export async function afterSalesOf(
  db: DbOrTx,
  orders: readonly { id: string; status: OrderStatus }[],
  options: { now: Date; returnWindowMs: number },
): Promise<Map<string, AfterSales>> {
  const ids = orders.map((o) => o.id);
  const [latest, windowEnds] = await Promise.all([latestRefundRequests(db, ids), returnWindowEnds(db, ids, options.returnWindowMs)]);
  return new Map(
    orders.map((order) => {
      const request = latest.get(order.id);
      const isOpen = request?.status === 'requested';
      const refusal = refundRequestRefusal(order.status, windowEnds.get(order.id), options.now);
      return [
        order.id,
        {
          canCancel: CANCELLABLE.has(order.status),
          canRequestRefund: refusal === undefined && !isOpen,
          refundRequest: request ?? null,
        },
      ];
    }),
  );
}
