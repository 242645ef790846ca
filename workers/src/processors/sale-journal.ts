import type { Services } from '../../../server/src/services.ts';

/** Copies the tracked sales' hold journals from Redis into PostgreSQL (a repeatable job). */
export const saleJournal = (s: Pick<Services, 'flashSales'>) => async () => ({ applied: await s.flashSales.drainJournals() });
