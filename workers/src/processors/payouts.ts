import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Services } from '../../../server/src/services.ts';
import { payoutTransferJobId } from './payout-transfer.ts';

/** Every day at 02:00 UTC. */
export const PAYOUT_SCHEDULE = { pattern: '0 2 * * *', tz: 'UTC' } as const;

/**
 * Groups every settled balance not yet paid out into that day's payout records (idempotent per day),
 * then queues a transfer job for every scheduled payout: the ones just made or grown, and any whose
 * job was lost to a crash between the two steps. A suspended merchant's money is held: no payout is
 * made or queued for them until they are reinstated. A payout left `sending` whose job gave up (the
 * provider could not even say whether the transfer happened) gets a fresh job of that day; one whose
 * job is still retrying is left to it. Paying is idempotent per payout, so it ends paid or failed,
 * never paid twice.
 */
export const payoutRun = (s: Pick<Services, 'payouts' | 'queues' | 'clock'>) => async () => {
  const day = s.clock.now().toISOString().slice(0, 10);
  const created = await s.payouts.createPayouts(day);
  for (const payoutId of await s.payouts.getScheduledPayoutIds()) {
    const jobId = payoutTransferJobId(payoutId);
    // Still scheduled although its job ran: the job found its merchant suspended, and this run is after the reinstatement.
    const wasHeld = await s.queues.isFinished('payout-transfer', jobId);
    await s.queues.add('payout-transfer', wasHeld ? `${jobId}-after-hold-${day}` : jobId, { payoutId });
  }
  for (const payoutId of await s.payouts.getStuckPayoutIds()) {
    if (await s.queues.isPending('payout-transfer', payoutTransferJobId(payoutId))) continue;
    await s.queues.add('payout-transfer', `${payoutTransferJobId(payoutId)}-again-${day}`, { payoutId });
  }
  return created;
};

/** Keeps the daily payout run scheduled; upserting the same scheduler from every worker process is harmless. */
export async function schedulePayouts(connection: Redis, prefix: string): Promise<void> {
  const queue = new Queue('payouts', { connection, prefix });
  try {
    await queue.upsertJobScheduler('payouts-daily', PAYOUT_SCHEDULE, { name: 'payouts', data: {} });
  } finally {
    await queue.close();
  }
}
