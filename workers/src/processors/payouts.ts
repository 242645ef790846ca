import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Services } from '../../../server/src/services.ts';

/** Every day at 02:00 UTC. */
export const PAYOUT_SCHEDULE = { pattern: '0 2 * * *', tz: 'UTC' } as const;

/** Groups every settled balance not yet paid out into that day's payout records (idempotent per day). */
export const payoutRun = (s: Pick<Services, 'ledger' | 'clock'>) => async () =>
  s.ledger.createPayouts(s.clock.now().toISOString().slice(0, 10));

/** Keeps the daily payout run scheduled; upserting the same scheduler from every worker process is harmless. */
export async function schedulePayouts(connection: Redis, prefix: string): Promise<void> {
  const queue = new Queue('payouts', { connection, prefix });
  try {
    await queue.upsertJobScheduler('payouts-daily', PAYOUT_SCHEDULE, { name: 'payouts', data: {} });
  } finally {
    await queue.close();
  }
}
