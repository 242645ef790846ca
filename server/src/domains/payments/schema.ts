import { z } from 'zod';

export const SandboxPayBody = z.object({ outcome: z.enum(['succeeded', 'failed']) });
