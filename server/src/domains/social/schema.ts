import { z } from 'zod';
import { text } from '../../schemas.ts';

export const CreateShareLinkBody = z
  .object({ streamId: text().min(1).max(100).optional(), productId: text().min(1).max(100).optional() })
  .refine((b) => Boolean(b.streamId) !== Boolean(b.productId), { message: 'Give either streamId or productId' });
export const CodeParams = z.object({ code: text().min(1).max(64) });
