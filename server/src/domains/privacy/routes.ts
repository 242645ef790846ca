import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import type { PrivacyService } from './service.ts';

/** GET /api/me/export and DELETE /api/me (API.md "My data"). */
export const privacyRoutes: FastifyPluginAsyncZod<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  const tags = ['privacy'];

  app.get(
    '/me/export',
    { schema: { tags, summary: 'Everything kept about the caller, as a JSON file to download' } },
    async (request, reply) => {
      const { userId } = requireUser(request);
      const data = await privacy.exportData(userId);
      const day = data.exportedAt.slice(0, 10);
      return reply
        .header('content-disposition', `attachment; filename="streamcart-my-data-${day}.json"`)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.delete(
    '/me',
    {
      schema: {
        tags,
        summary:
          'Delete the account: personal data erased, orders kept without it; 409 ACCOUNT_HAS_OPEN_OBLIGATIONS lists what to finish first',
      },
    },
    async (request, reply) => {
      await privacy.deleteAccount(requireUser(request).userId);
      return reply.status(204).send();
    },
  );
};
