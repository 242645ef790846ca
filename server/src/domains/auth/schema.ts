import { z } from 'zod';
import { text } from '../../schemas.ts';

export const RegisterBody = z.object({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: text().min(8).max(200),
  displayName: text().trim().min(1).max(80),
  roles: z
    .array(z.enum(['viewer', 'kol', 'merchant']))
    .min(1)
    .max(3)
    .optional(),
});
export type RegisterInput = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  password: text().min(1).max(200),
});

export const ChangePasswordBody = z.object({
  currentPassword: text().min(1).max(200),
  newPassword: text().min(8).max(200),
});
