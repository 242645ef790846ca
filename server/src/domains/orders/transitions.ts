import type { OrderStatus, RefundRequestStatus } from '../../../../db/schema/index.ts';
import type { TransitionTable } from '../../state-machine.ts';

export const ORDER_TRANSITIONS: TransitionTable<OrderStatus> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** A buyer's refund request is answered once: by the merchant (or an admin), or approved by the response-time job. */
export const REFUND_REQUEST_TRANSITIONS: TransitionTable<RefundRequestStatus> = {
  requested: ['approved', 'declined'],
  approved: [],
  declined: [],
};
