import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { LoginBody, RegisterBody } from './schema.ts';
import type { AuthService } from './service.ts';

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post('/auth/register', { schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody } }, async (request, reply) =>
    reply.status(201).send(await auth.register(request.body)),
  );

  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody } }, async (request) =>
    auth.login(request.body.email, request.body.password),
  );

  app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in user' } }, async (request) => {
    const user = await auth.getUser(requireUser(request).userId);
    return { ...user, links: { orders: '/api/me/orders', earnings: '/api/me/earnings' } };
  });
};
