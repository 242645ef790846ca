import { formatDayTime } from '../../lib/format.ts';
import type { BuyerOrder } from '../../lib/my-orders-api.ts';

/** What the order's status means for the buyer and what comes next, in a sentence. */
export function statusNote(order: BuyerOrder, now = Date.now()): string {
  switch (order.status) {
    case 'pending_payment': {
      const due = order.paymentDueAt ? Date.parse(order.paymentDueAt) : undefined;
      if (due === undefined) return 'Not paid yet.';
      if (due <= now) return 'The time to pay has run out: the order lapses unless the payment arrives now.';
      const sameDay = new Date(due).toDateString() === new Date(now).toDateString();
      const by = sameDay
        ? new Date(due).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
        : formatDayTime(order.paymentDueAt ?? '');
      return `Pay by ${by}, or the order lapses and its items go back on sale.`;
    }
    case 'paid':
      return `${order.merchantDisplayName} is packing your order.`;
    case 'shipped':
      return 'On its way. Has it arrived? Confirm it here once you have everything.';
    case 'delivered':
      return 'Delivered. Got everything? Confirm it, or the order completes by itself when the return window ends.';
    case 'completed':
      return 'Completed. Thank you for your order!';
    case 'cancelled':
      return 'Cancelled before it was paid. Nothing was charged.';
    case 'refunded':
      return 'Refunded: the money went back to you.';
  }
}

/** Where the order's refund request stands, in a sentence; null when there is none. */
export function refundRequestNote(order: BuyerOrder): string | null {
  const request = order.refundRequest;
  if (!request) return null;
  switch (request.status) {
    case 'requested':
      return `Refund requested · ${order.merchantDisplayName} answers by ${formatDayTime(request.respondBy)}`;
    case 'declined':
      return `Refund declined: ${request.declineReason ?? 'the shop gave no reason'}`;
    case 'approved':
      return order.status === 'refunded'
        ? `Refunded · your request was approved ${formatDayTime(request.answeredAt ?? request.createdAt)}`
        : 'Refund approved · the money is on its way back to you';
  }
}
