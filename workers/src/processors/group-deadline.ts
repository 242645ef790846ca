import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/**
 * A group's deadline: it fails unless all its members paid, and its outcome is carried out
 * (settlements queued, or members refunded and cancelled). Idempotent on the group's status, so
 * a retry or a late run after downtime is safe.
 */
export const groupDeadline = (s: Pick<Services, 'groupBuys'>) => async (data: JobPayloads['group-deadline']) => ({
  outcome: await s.groupBuys.closeAtDeadline(data.groupId),
});
