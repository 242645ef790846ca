import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Cancels an order still unpaid when its payment time is up (idempotent; a paid order is left alone). */
export const orderExpiry = (s: Pick<Services, 'orders'>) => async (data: JobPayloads['order-expiry']) => ({
  outcome: await s.orders.lapseUnpaidOrder(data.orderId),
});
