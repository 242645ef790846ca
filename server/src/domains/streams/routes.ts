import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { CreateStreamBody, ListStreamsQuery, ProductRefBody, ShowcaseItemParams, ShowcaseOrderBody } from './schema.ts';
import type { StreamService } from './service.ts';
import type { StreamSummaries } from './summary.ts';

export const streamRoutes: FastifyPluginAsyncZod<{ streams: StreamService; summaries: StreamSummaries }> = async (
  app,
  { streams, summaries },
) => {
  const tags = ['streams'];

  app.post('/streams', { schema: { tags, summary: 'Create a stream (KOL)', body: CreateStreamBody } }, async (request, reply) => {
    const kol = requireRole(request, 'kol');
    return reply.status(201).send(await streams.createStream(kol.userId, request.body));
  });

  app.get(
    '/streams',
    { schema: { tags, summary: 'List streams, with viewer counts', querystring: ListStreamsQuery } },
    async (request) => ({
      items: await streams.listStreams(request.query),
    }),
  );

  app.get(
    '/streams/:id',
    { schema: { tags, summary: 'A stream with showcase, pin and active flash sale', params: IdParams } },
    async (request) => streams.getStreamPage(request.params.id),
  );

  app.post('/streams/:id/start', { schema: { tags, summary: 'Go live (its KOL)', params: IdParams } }, async (request) =>
    streams.setStatus(requireRole(request, 'kol').userId, request.params.id, 'live'),
  );

  app.post('/streams/:id/end', { schema: { tags, summary: 'End the stream (its KOL)', params: IdParams } }, async (request) =>
    streams.setStatus(requireRole(request, 'kol').userId, request.params.id, 'ended'),
  );

  app.get(
    '/streams/:id/summary',
    {
      schema: {
        tags,
        summary: "What the show did: peak viewers, likes, paid orders, GMV per currency and the latest sales (its KOL or an admin)",
        params: IdParams,
      },
    },
    async (request) => summaries.summary(requireUser(request), request.params.id),
  );

  app.post(
    '/streams/:id/showcase',
    { schema: { tags, summary: 'Add a product to the shopping bag (its KOL)', params: IdParams, body: ProductRefBody } },
    async (request, reply) => {
      const kol = requireRole(request, 'kol');
      return reply.status(201).send({ items: await streams.addToShowcase(kol.userId, request.params.id, request.body.productId) });
    },
  );

  app.put(
    '/streams/:id/showcase',
    {
      schema: {
        tags,
        summary: 'Order the shopping bag (its KOL); productIds must list exactly the showcased products',
        params: IdParams,
        body: ShowcaseOrderBody,
      },
    },
    async (request) => ({
      items: await streams.reorderShowcase(requireRole(request, 'kol').userId, request.params.id, request.body.productIds),
    }),
  );

  app.delete(
    '/streams/:id/showcase/:productId',
    { schema: { tags, summary: 'Take a product out of the shopping bag, unpinning it if pinned (its KOL)', params: ShowcaseItemParams } },
    async (request) => ({
      items: await streams.removeFromShowcase(requireRole(request, 'kol').userId, request.params.id, request.params.productId),
    }),
  );

  app.post(
    '/streams/:id/pin',
    { schema: { tags, summary: 'Pin a showcased product (its KOL)', params: IdParams, body: ProductRefBody } },
    async (request) => ({ product: await streams.pin(requireRole(request, 'kol').userId, request.params.id, request.body.productId) }),
  );

  app.delete('/streams/:id/pin', { schema: { tags, summary: 'Unpin (its KOL)', params: IdParams } }, async (request) => ({
    product: await streams.pin(requireRole(request, 'kol').userId, request.params.id, null),
  }));
};
