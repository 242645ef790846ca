import type { Services } from '../../../server/src/services.ts';

/** Opens and closes overdue sales and rebuilds what Redis lost (a repeatable safety net beside the delayed jobs). */
export const saleReconcile = (s: Pick<Services, 'flashSales'>) => async () => s.flashSales.reconcile();
