import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Closes a flash sale at its end time (idempotent). */
export const saleClose = (s: Pick<Services, 'flashSales'>) => async (data: JobPayloads['sale-close']) => {
  const sale = await s.flashSales.closeSale(data.saleId);
  return { status: sale?.status ?? 'missing' };
};
