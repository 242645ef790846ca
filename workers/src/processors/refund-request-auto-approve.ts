import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Approves a refund request the merchant left unanswered past its respondBy (idempotent; a merchant's answer wins if first). */
export const refundRequestAutoApprove =
  (s: Pick<Services, 'refundRequests'>) => async (data: JobPayloads['refund-request-auto-approve']) => ({
    outcome: await s.refundRequests.approveUnanswered(data.requestId),
  });
