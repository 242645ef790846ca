import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders } from '../flash-sales/schema.ts';
import type { RefundRequestService } from './refund-requests.ts';
import { CreatedRefundRequestResponse, DeclineRefundRequestBody, RefundRequestBody } from './schema.ts';

/** After-sales: the buyer cancels or asks for a refund, the merchant answers. */
export const refundRequestRoutes: FastifyPluginAsyncZod<{ refundRequests: RefundRequestService }> = async (app, { refundRequests }) => {
  const tags = ['orders'];

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'The buyer cancels an unpaid order, or a paid one not shipped yet (refunded at once: stock back, commissions reversed)',
        params: IdParams,
        headers: IdempotencyHeaders,
      },
    },
    async (request) => refundRequests.cancelOrder(requireUser(request), request.params.id, request.headers['idempotency-key']),
  );

  app.post(
    '/orders/:id/refund-request',
    {
      schema: {
        tags,
        summary:
          'The buyer asks for a refund on a shipped order (or a delivered/completed one within its return window); the merchant answers by respondBy, or it is approved by itself',
        params: IdParams,
        body: RefundRequestBody,
        response: { 201: CreatedRefundRequestResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await refundRequests.requestRefund(requireUser(request), request.params.id, request.body)),
  );

  app.post(
    '/orders/:id/refund-request/approve',
    {
      schema: {
        tags,
        summary: "The order's merchant (or an admin) approves the open refund request: the order is refunded and its commissions reversed",
        params: IdParams,
      },
    },
    async (request) => refundRequests.approve(requireUser(request), request.params.id),
  );

  app.post(
    '/orders/:id/refund-request/decline',
    {
      schema: {
        tags,
        summary:
          "The order's merchant (or an admin) declines the open refund request with a reason the buyer reads; the order settles as usual",
        params: IdParams,
        body: DeclineRefundRequestBody,
      },
    },
    async (request) => refundRequests.decline(requireUser(request), request.params.id, request.body.reason),
  );
};
