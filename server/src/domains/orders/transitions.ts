import type { OrderStatus } from '../../../../db/schema/index.ts';
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
