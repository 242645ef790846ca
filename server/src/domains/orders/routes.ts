import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders } from '../flash-sales/schema.ts';
import { referralCodeOf } from '../social/referral-cookie.ts';
import {
  BuyerOrdersPage,
  BuyerOrdersQuery,
  MerchantOrdersPage,
  MerchantOrdersQuery,
  PlaceOrderBody,
  RefundOrderBody,
  ShipOrderBody,
} from './schema.ts';
import type { OrderService } from './service.ts';

export const orderRoutes: FastifyPluginAsyncZod<{ orders: OrderService }> = async (app, { orders }) => {
  const tags = ['orders'];

  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Place an order from a reservation or from items; without referralCode, the share-link cookie (sc_ref) counts',
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
      },
    },
    async (request, reply) => {
      const buyer = requireUser(request);
      // A visitor who arrived through a share link (GET /s/:code) carries its code in a cookie.
      const referralCode = referralCodeOf(request.body.referralCode, request.headers.cookie);
      const input = referralCode ? { ...request.body, referralCode } : request.body;
      return reply.status(201).send(await orders.placeOrder(buyer.userId, input, request.headers['idempotency-key']));
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
    { schema: { tags, summary: 'The buyer confirms receipt (shipped or delivered → completed); commissions settle', params: IdParams } },
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

  app.get(
    '/merchants/me/orders',
    {
      schema: {
        tags,
        summary:
          "The merchant's orders, newest first, with items, the buyer's display name and the shipping address (?status=paid: to ship)",
        querystring: MerchantOrdersQuery,
        response: { 200: MerchantOrdersPage },
      },
    },
    async (request) => orders.listOrdersOfMerchant(requireRole(request, 'merchant').userId, request.query),
  );

  app.get(
    '/me/orders',
    {
      schema: {
        tags,
        summary:
          "The caller's orders, newest first, with items, the merchant's name, tracking once shipped, the payment while unpaid, and whether a review is invited",
        querystring: BuyerOrdersQuery,
        response: { 200: BuyerOrdersPage },
      },
    },
    async (request) => orders.listOrdersOfBuyer(requireUser(request).userId, request.query),
  );
};
