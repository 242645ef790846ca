import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/**
 * Writes a paid order's balanced ledger transaction exactly once; the jobs running at the same
 * time in this process share one PostgreSQL transaction (group commit).
 */
export const orderSettlement = (s: Pick<Services, 'ledger'>) => async (data: JobPayloads['order-settlement']) => ({
  outcome: await s.ledger.settleOrderInBatch(data.orderId),
});
