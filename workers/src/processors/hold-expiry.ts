import type { Services } from '../../../server/src/services.ts';

/** Returns the units of lapsed holds to their sales, and ended sales' unsold units to their products (a repeatable sweep). */
export const holdExpiry = (s: Pick<Services, 'flashSales'>) => async () => ({ lapsed: await s.flashSales.sweepExpiredHolds() });
