import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Writes a paid order's balanced ledger transaction exactly once. */
export const orderSettlement = (s: Pick<Services, 'ledger'>) => async (data: JobPayloads['order-settlement']) => ({
  outcome: await s.ledger.settleOrder(data.orderId),
});
