import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Moves a completed order's pending commissions, fee and merchant net to settled (idempotent). */
export const commissionsSettlement = (s: Pick<Services, 'ledger'>) => async (data: JobPayloads['commission-settlement']) => ({
  settledEntries: await s.ledger.settleCommissions(data.orderId),
});
