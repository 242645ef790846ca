import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Completes a delivered order when its return window has passed (idempotent). */
export const orderAutoComplete = (s: Pick<Services, 'orders'>) => async (data: JobPayloads['order-auto-complete']) => ({
  outcome: await s.orders.completeDeliveredOrder(data.orderId),
});
