import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { FanService } from './service.ts';

const TopQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

export const fanRoutes: FastifyPluginAsyncZod<{ fans: FanService }> = async (app, { fans }) => {
  const tags = ['social'];

  app.post('/kols/:id/fan-group', { schema: { tags, summary: "Join a KOL's fan group", params: IdParams } }, async (request, reply) =>
    reply.status(201).send(await fans.join(requireUser(request).userId, request.params.id)),
  );

  app.delete('/kols/:id/fan-group', { schema: { tags, summary: "Leave a KOL's fan group", params: IdParams } }, async (request, reply) => {
    await fans.leave(requireUser(request).userId, request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/kols/:id/fans/top',
    { schema: { tags, summary: "A KOL's top fans by engagement points", params: IdParams, querystring: TopQuery } },
    async (request) => ({
      items: await fans.topFans(request.params.id, request.query.limit),
    }),
  );
};
