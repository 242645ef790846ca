import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { IdempotencyHeaders } from '../flash-sales/schema.ts';
import { referralCodeOf } from '../social/referral-cookie.ts';
import { CheckoutBody, CheckoutPayBody, CheckoutResponse } from './schema.ts';
import type { CheckoutService } from './service.ts';

/** `sandboxPay`: serve POST /checkouts/:id/sandbox-pay only where the sandbox payment provider is on. */
export const checkoutRoutes: FastifyPluginAsyncZod<{ checkout: CheckoutService; sandboxPay: boolean }> = async (
  app,
  { checkout, sandboxPay },
) => {
  const tags = ['orders'];

  app.post(
    '/checkouts',
    {
      schema: {
        tags,
        summary: 'Check out a cart: one order per merchant, placed all or none, paid together',
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: CheckoutResponse },
      },
    },
    async (request, reply) => {
      const buyer = requireUser(request);
      const referralCode = referralCodeOf(request.body.referralCode, request.headers.cookie);
      const input = referralCode ? { ...request.body, referralCode } : request.body;
      return reply.status(201).send(await checkout.placeCheckout(buyer.userId, input, request.headers['idempotency-key']));
    },
  );

  app.get(
    '/checkouts/:id',
    {
      schema: {
        tags,
        summary: 'A checkout of the caller, with its orders as they are now',
        params: IdParams,
        response: { 200: CheckoutResponse },
      },
    },
    async (request) => checkout.getCheckout(requireUser(request).userId, request.params.id),
  );

  if (sandboxPay) {
    app.post(
      '/checkouts/:id/sandbox-pay',
      {
        schema: {
          tags,
          summary: "Pay every order of the checkout in the built-in sandbox (each order's payment goes through the webhook)",
          params: IdParams,
          body: CheckoutPayBody,
          response: { 200: CheckoutResponse },
        },
      },
      async (request) => checkout.payInSandbox(requireUser(request).userId, request.params.id, request.body.outcome),
    );
  }
};
