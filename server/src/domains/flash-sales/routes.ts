import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import {
  CreateFlashSaleBody,
  FlashSaleResponse,
  IdempotencyHeaders,
  ReservationParams,
  ReservationResponse,
  ReserveBody,
  StreamDecisionBody,
  UpdateFlashSaleBody,
} from './schema.ts';
import type { FlashSaleService } from './service.ts';

export const flashSaleRoutes: FastifyPluginAsyncZod<{ flashSales: FlashSaleService }> = async (app, { flashSales }) => {
  const tags = ['flash-sales'];

  app.post(
    '/flash-sales',
    {
      schema: {
        tags,
        summary: "Schedule a flash sale on one's own product (merchant); it opens and closes by itself",
        body: CreateFlashSaleBody,
        response: { 201: FlashSaleResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await flashSales.schedule(requireRole(request, 'merchant').userId, request.body)),
  );

  app.get(
    '/flash-sales/:id',
    { schema: { tags, summary: 'A flash sale with live remaining stock', params: IdParams, response: { 200: FlashSaleResponse } } },
    async (request) => flashSales.getSale(request.params.id),
  );

  app.patch(
    '/flash-sales/:id',
    {
      schema: {
        tags,
        summary: 'Change a flash sale before it opens (its merchant)',
        params: IdParams,
        body: UpdateFlashSaleBody,
        response: { 200: FlashSaleResponse },
      },
    },
    async (request) => flashSales.updateSale(requireRole(request, 'merchant').userId, request.params.id, request.body),
  );

  app.post(
    '/flash-sales/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a flash sale before it opens (its merchant); its units go back to the product',
        params: IdParams,
        response: { 200: FlashSaleResponse },
      },
    },
    async (request) => flashSales.cancelSale(requireRole(request, 'merchant').userId, request.params.id),
  );

  app.post(
    '/flash-sales/:id/stream-approval',
    {
      schema: {
        tags,
        summary: "The stream's KOL accepts or declines a sale proposed for their stream, or removes an accepted one, before it opens",
        params: IdParams,
        body: StreamDecisionBody,
        response: { 200: FlashSaleResponse },
      },
    },
    async (request) => flashSales.decideStreamApproval(requireRole(request, 'kol').userId, request.params.id, request.body.decision),
  );

  app.get(
    '/merchants/me/flash-sales',
    { schema: { tags, summary: "The caller's flash sales, newest first, with live stock (merchant)" } },
    async (request) => ({ items: await flashSales.listSalesOfMerchant(requireRole(request, 'merchant').userId) }),
  );

  // The hot path: the token, the body and one Lua call; nothing else before the answer.
  app.post(
    '/flash-sales/:id/reservations',
    {
      schema: {
        tags,
        summary: 'Hold units for the caller; the hold lapses at expiresAt',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReserveBody,
        response: { 201: ReservationResponse },
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

  app.delete(
    '/flash-sales/:id/reservations/:reservationId',
    { schema: { tags, summary: 'Give a hold back before it lapses (its buyer)', params: ReservationParams } },
    async (request) => flashSales.cancelReservation(requireUser(request).userId, request.params.id, request.params.reservationId),
  );
};
