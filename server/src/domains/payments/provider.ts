import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { signWebhook } from './signature.ts';

export const PaymentEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  paymentId: z.string().min(1).max(100),
  amountCents: z.number().int(),
  currency: z.string(),
});
export type PaymentEvent = z.infer<typeof PaymentEventSchema>;

/** An outside payment provider: it learns of a payment and reports the outcome to our webhook. */
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
