import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { CreateFlashSaleBody, IdempotencyHeaders, ReserveBody } from './schema.ts';
import type { FlashSaleService } from './service.ts';

export const flashSaleRoutes: FastifyPluginAsyncZod<{ flashSales: FlashSaleService }> = async (app, { flashSales }) => {
  const tags = ['flash-sales'];

  app.post(
    '/flash-sales',
    { schema: { tags, summary: "Schedule a flash sale on one's own product (merchant)", body: CreateFlashSaleBody } },
    async (request, reply) => reply.status(201).send(await flashSales.schedule(requireRole(request, 'merchant').userId, request.body)),
  );

  app.get('/flash-sales/:id', { schema: { tags, summary: 'A flash sale with live remaining stock', params: IdParams } }, async (request) =>
    flashSales.getSale(request.params.id),
  );

  app.post(
    '/flash-sales/:id/reservations',
    {
      schema: {
        tags,
        summary: 'Hold units for the caller; the hold lapses at expiresAt',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReserveBody,
      },
    },
    async (request, reply) => {
      const buyer = requireUser(request);
      const reservation = await flashSales.reserve(
        buyer.userId,
        request.params.id,
        request.body.quantity,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(reservation);
    },
  );
};
