import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { SandboxPayBody } from './schema.ts';
import type { PaymentService } from './service.ts';

/** `sandboxPay`: serve POST /payments/:id/sandbox-pay (PAYMENTS_PROVIDER=sandbox); otherwise it is 404. */
export const paymentRoutes: FastifyPluginAsyncZod<{ payments: PaymentService; sandboxPay: boolean }> = async (
  app,
  { payments, sandboxPay },
) => {
  const tags = ['payments'];

  if (sandboxPay)
    app.post(
      '/payments/:id/sandbox-pay',
      {
        schema: {
          tags,
          summary: 'Pay in the built-in sandbox; it calls the webhook like a provider',
          params: IdParams,
          body: SandboxPayBody,
        },
      },
      async (request) => payments.sandboxPay(requireUser(request).userId, request.params.id, request.body.outcome),
    );

  // The signature covers the exact bytes, so this route keeps the raw body.
  await app.register(async (webhook) => {
    webhook.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    webhook.post(
      '/payments/webhook',
      { schema: { tags, summary: 'Payment provider webhook (HMAC-SHA256 in X-Signature: t=<unix>,v1=<hex>)' } },
      async (request) => {
        const signature = request.headers['x-signature'];
        return payments.handleWebhook(
          typeof request.body === 'string' ? request.body : '',
          typeof signature === 'string' ? signature : undefined,
        );
      },
    );
  });
};
