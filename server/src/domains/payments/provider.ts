import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { signWebhook } from './signature.ts';

export const PaymentEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  paymentId: z.string().min(1).max(100),
  amountCents: z.number().int(),
  currency: z.string(),
});
export type PaymentEvent = z.infer<typeof PaymentEventSchema>;

/**
 * An outside payment provider: it learns of a payment and reports the outcome to our webhook.
 *
 * To wire a real one (see docs/deploy.md "Payments"):
 * - the checkout page sends the buyer to the provider with the payment's id and amount
 *   (`POST /api/orders` answers `paymentId`, `totalCents`, `currency`);
 * - the provider calls `POST /api/payments/webhook` with a `PaymentEvent` body signed with
 *   WEBHOOK_SECRET (`X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, see signature.ts);
 *   an adapter in front of a provider with its own format translates and re-signs;
 * - `refund()` calls the provider's refund API with the idempotency key.
 * Pick it in server/src/services.ts (`paymentProviderFor`) by PAYMENTS_PROVIDER.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Reports the outcome of a payment to the webhook, as the provider would. */
  reportOutcome(
    payment: { id: string; amountCents: number; currency: string },
    outcome: 'succeeded' | 'failed',
  ): Promise<{ status: number }>;
  /**
   * Gives the buyer their money back. `idempotencyKey` is stable per payment, so calling it again
   * after a crash refunds once.
   */
  refund(payment: { id: string; amountCents: number; currency: string }, idempotencyKey: string): Promise<{ refundId: string }>;
}

/**
 * The built-in sandbox: it makes a real, signed HTTP call to our own webhook, like a provider
 * on the internet would, so the webhook path is the one production uses.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  readonly #secret: string;
  readonly #webhookUrl: () => string;
  readonly #clock: Clock;

  constructor(deps: { secret: string; webhookUrl: () => string; clock: Clock }) {
    this.#secret = deps.secret;
    this.#webhookUrl = deps.webhookUrl;
    this.#clock = deps.clock;
  }

  async reportOutcome(
    payment: { id: string; amountCents: number; currency: string },
    outcome: 'succeeded' | 'failed',
  ): Promise<{ status: number }> {
    const event: PaymentEvent = {
      id: `evt_${randomUUID()}`,
      type: outcome === 'succeeded' ? 'payment.succeeded' : 'payment.failed',
      paymentId: payment.id,
      amountCents: payment.amountCents,
      currency: payment.currency,
    };
    const body = JSON.stringify(event);
    const response = await fetch(this.#webhookUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': signWebhook(this.#secret, body, Math.floor(this.#clock.now().getTime() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return { status: response.status };
  }

  /** The sandbox holds no real money: a refund always succeeds, under the caller's key. */
  async refund(_payment: { id: string }, idempotencyKey: string): Promise<{ refundId: string }> {
    return { refundId: `rf_${idempotencyKey}` };
  }
}

/**
 * PAYMENTS_PROVIDER=external (the production default): outcomes arrive only through the signed
 * webhook from the provider outside, so nobody can report one from here (sandbox-pay is not served).
 * Refunds need the provider's API: until an integration replaces this class, they answer 503
 * PAYMENT_PROVIDER_UNAVAILABLE and the order stays as it was, so money is never marked returned
 * when it was not.
 */
export class ExternalProvider implements PaymentProvider {
  readonly name = 'external';

  async reportOutcome(): Promise<{ status: number }> {
    throw new AppError('NOT_FOUND', 'Payments are reported by the payment provider, not through this server');
  }

  async refund(): Promise<{ refundId: string }> {
    throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE');
  }
}

/** The provider PAYMENTS_PROVIDER names: the sandbox only when chosen, else the external one. */
export function paymentProviderFor(
  kind: 'sandbox' | 'external',
  sandbox: { secret: string; webhookUrl: () => string; clock: Clock },
): PaymentProvider {
  return kind === 'sandbox' ? new SandboxProvider(sandbox) : new ExternalProvider();
}
