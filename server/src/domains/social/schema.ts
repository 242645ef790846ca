import { z } from 'zod';

export const CreateShareLinkBody = z
  .object({ streamId: z.string().min(1).max(100).optional(), productId: z.string().min(1).max(100).optional() })
  .refine((b) => Boolean(b.streamId) !== Boolean(b.productId), { message: 'Give either streamId or productId' });
export const CodeParams = z.object({ code: z.string().min(1).max(64) });
