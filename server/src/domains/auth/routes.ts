import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { ChangePasswordBody, LoginBody, RegisterBody } from './schema.ts';
import type { AuthService } from './service.ts';
import type { SessionVersions } from './session-versions.ts';

export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  sessions: SessionVersions;
  /** Why and since when an admin suspended the user's shop; null when not suspended. */
  suspensionOf: (userId: string) => Promise<{ reason: string; at: string } | null>;
}> = async (app, { auth, sessions, suspensionOf }) => {
  app.post('/auth/register', { schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody } }, async (request, reply) =>
    reply.status(201).send(await auth.register(request.body)),
  );

  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody } }, async (request) =>
    auth.login(request.body.email, request.body.password),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: "Sign out everywhere: every token of the caller stops working, and the caller's sockets are disconnected within seconds",
      },
    },
    async (request, reply) => {
      await sessions.bump(requireUser(request).userId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the password: every earlier token stops working; the answer carries a new token for this client',
        body: ChangePasswordBody,
      },
    },
    async (request) => {
      const { userId } = requireUser(request);
      await auth.changePassword(userId, request.body.currentPassword, request.body.newPassword);
      await sessions.bump(userId);
      return { token: await auth.issueToken(userId) };
    },
  );

  app.get('/me', { schema: { tags: ['auth'], summary: "The signed-in user, with their shop's suspension if any" } }, async (request) => {
    const { userId } = requireUser(request);
    const [user, suspension] = await Promise.all([auth.getUser(userId), suspensionOf(userId)]);
    return { ...user, suspension, links: { orders: '/api/me/orders', earnings: '/api/me/earnings' } };
  });
};
