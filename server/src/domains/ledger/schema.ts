import { z } from 'zod';
import { text } from '../../schemas.ts';

export const SettlementQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: text().min(1).max(200).optional(),
});
