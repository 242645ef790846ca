import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

/** Opens a scheduled flash sale at its start time (idempotent). */
export const saleOpen = (s: Pick<Services, 'flashSales'>) => async (data: JobPayloads['sale-open']) => {
  const sale = await s.flashSales.openSale(data.saleId);
  return { status: sale?.status ?? 'missing' };
};
