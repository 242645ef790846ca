import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders } from '../flash-sales/schema.ts';
import { PlaceOrderBody } from './schema.ts';
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

  app.get('/me/orders', { schema: { tags, summary: "The caller's orders" } }, async (request) => ({
    items: await orders.listOrdersOfBuyer(requireUser(request).userId),
  }));
};
