import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { LoginBody, RegisterBody } from './schema.ts';
import type { AuthService } from './service.ts';

export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  /** Why and since when an admin suspended the user's shop; null when not suspended. */
  suspensionOf: (userId: string) => Promise<{ reason: string; at: string } | null>;
}> = async (app, { auth, suspensionOf }) => {
  app.post('/auth/register', { schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody } }, async (request, reply) =>
    reply.status(201).send(await auth.register(request.body)),
  );

  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody } }, async (request) =>
    auth.login(request.body.email, request.body.password),
  );

  app.get('/me', { schema: { tags: ['auth'], summary: "The signed-in user, with their shop's suspension if any" } }, async (request) => {
    const { userId } = requireUser(request);
    const [user, suspension] = await Promise.all([auth.getUser(userId), suspensionOf(userId)]);
    return { ...user, suspension, links: { orders: '/api/me/orders', earnings: '/api/me/earnings' } };
  });
};
