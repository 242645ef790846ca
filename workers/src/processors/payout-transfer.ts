import { type Job, UnrecoverableError } from 'bullmq';
import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** The BullMQ job fields that say whether this run is the job's last try. */
export type JobAttempts = Pick<Job, 'attemptsMade' | 'opts'>;

/**
 * Pays one payout through the payout provider and books it, at most once (the job id is made
 * from the payout id, and the service is idempotent besides). A provider outage is retried with
 * the queue's backoff; a declined transfer, or one still failing on the last attempt, leaves the
 * payout failed with its reason and the job failed without further retries.
 */
export const payoutTransfer = (s: Pick<Services, 'payouts'>) => async (data: JobPayloads['payout-transfer'], job: JobAttempts) => {
  const result = await s.payouts.payPayout(data.payoutId, { isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
  if (result.outcome === 'failed') throw new UnrecoverableError(`payout ${data.payoutId} failed: ${result.failureReason}`);
  return result;
};

/** The transfer job's id: one job per payout, so queueing it again while it waits adds nothing. */
export const payoutTransferJobId = (payoutId: string) => `payout-transfer-${payoutId}`;
