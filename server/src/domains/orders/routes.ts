import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders } from '../flash-sales/schema.ts';
import { PlaceOrderBody, RefundOrderBody, ShipOrderBody } from './schema.ts';
import type { OrderService } from './service.ts';

export const orderRoutes: FastifyPluginAsyncZod<{ orders: OrderService }> = async (app, { orders }) => {
  const tags = ['orders'];

  app.post(
    '/orders',
    { schema: { tags, summary: 'Place an order from a reservation or from items', headers: IdempotencyHeaders, body: PlaceOrderBody } },
    async (request, reply) => {
      const buyer = requireUser(request);
      return reply.status(201).send(await orders.placeOrder(buyer.userId, request.body, request.headers['idempotency-key']));
    },
  );

  app.get('/orders/:id', { schema: { tags, summary: 'An order with its status history', params: IdParams } }, async (request) =>
    orders.getOrderFor(requireUser(request), request.params.id),
  );

  app.post(
    '/orders/:id/ship',
    { schema: { tags, summary: "The order's merchant marks it shipped (paid → shipped)", params: IdParams, body: ShipOrderBody } },
    async (request) => orders.shipOrder(requireUser(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/orders/:id/deliver',
    { schema: { tags, summary: "The order's merchant marks it delivered; the return window starts", params: IdParams } },
    async (request) => orders.deliverOrder(requireUser(request), request.params.id),
  );

  app.post(
    '/orders/:id/complete',
    { schema: { tags, summary: 'The buyer confirms receipt (delivered → completed); commissions settle', params: IdParams } },
    async (request) => orders.completeOrder(requireUser(request), request.params.id),
  );

  app.post(
    '/orders/:id/refund',
    {
      schema: {
        tags,
        summary: "The order's merchant or an admin refunds it; everything it earned is reversed and the stock returns",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RefundOrderBody,
      },
    },
    async (request) =>
      orders.refundOrder(requireUser(request), request.params.id, request.body?.reason, request.headers['idempotency-key']),
  );

  app.get('/me/orders', { schema: { tags, summary: "The caller's orders" } }, async (request) => ({
    items: await orders.listOrdersOfBuyer(requireUser(request).userId),
  }));
};
