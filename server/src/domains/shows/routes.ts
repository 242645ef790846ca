import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { CreateShowBody, UpdateShowBody } from './schema.ts';
import type { ShowPlanner } from './service.ts';

/** A KOL's "My shows": plan, change, cancel. Going live stays POST /streams/:id/start. */
export const showRoutes: FastifyPluginAsyncZod<{ shows: ShowPlanner }> = async (app, { shows }) => {
  const tags = ['streams'];

  app.get(
    '/me/shows',
    { schema: { tags, summary: "The caller's shows with cover and featured products: live, upcoming, then past (KOL)" } },
    async (request) => ({
      items: await shows.listMine(requireRole(request, 'kol').userId),
    }),
  );

  app.post(
    '/me/shows',
    { schema: { tags, summary: 'Plan a show: title, time, cover, products to feature (KOL)', body: CreateShowBody } },
    async (request, reply) => reply.status(201).send(await shows.create(requireRole(request, 'kol').userId, request.body)),
  );

  app.patch(
    '/streams/:id',
    {
      schema: {
        tags,
        summary: 'Change a show before it starts: title, time, cover, featured products (its KOL); 409 SHOW_NOT_EDITABLE after',
        params: IdParams,
        body: UpdateShowBody,
      },
    },
    async (request) => shows.update(requireRole(request, 'kol').userId, request.params.id, request.body),
  );

  app.post(
    '/streams/:id/cancel',
    { schema: { tags, summary: 'Cancel a show before it starts (its KOL): it ends without starting', params: IdParams } },
    async (request) => shows.cancel(requireRole(request, 'kol').userId, request.params.id),
  );
};
