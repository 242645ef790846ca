import type { Services } from '../../../server/src/services.ts';

/** Folds fans' engagement points from Redis into PostgreSQL (a repeatable job). */
export const fanPoints = (s: Pick<Services, 'fans'>) => async () => ({ updated: await s.fans.flushPoints() });
