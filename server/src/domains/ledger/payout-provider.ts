import { setTimeout } from 'node:timers/promises';
import type { Clock } from '../../clock.ts';

export interface PayoutTransfer {
  /** Also the idempotency key: the provider pays one payout at most once. */
  payoutId: string;
  userId: string;
  amountCents: number;
  currency: string;
}

export interface PayoutReceipt {
  /** The provider's id of the transfer. */
  reference: string;
}

/** The provider refused the transfer for good (closed account, failed checks): retrying cannot help. */
export class PayoutDeclinedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PayoutDeclinedError';
  }
}

/** An outside provider that sends a payout's money to its user. */
export interface PayoutProvider {
  readonly name: string;
  /**
   * Sends the money, idempotent by payoutId: calling it again after a crash or a lost answer
   * returns the first transfer's receipt and pays nothing more. Throws PayoutDeclinedError when
   * the provider refuses; any other error may or may not have moved money (retry the same call).
   */
  transfer(transfer: PayoutTransfer): Promise<PayoutReceipt>;
  /** The transfer made for this payout, or null when the provider holds none. */
  findTransfer(payoutId: string): Promise<PayoutReceipt | null>;
}

/** What the sandbox did for one payout. */
export interface SandboxTransfer extends PayoutTransfer, PayoutReceipt {
  at: Date;
}

/** How the sandbox fails the next transfers to a user: 'declined' refuses, 'unavailable' is an outage worth retrying. */
export interface SandboxFailure {
  mode: 'declined' | 'unavailable';
  /** How many transfers fail before they succeed again (default: every one until cleared). */
  times?: number;
  reason?: string;
}

/**
 * The built-in sandbox: it moves no money and remembers transfers in this process. A real provider
 * keeps the idempotency key on its side; the sandbox's references are made from the payout id,
 * so two worker processes still report the same reference for one payout.
 */
export class SandboxPayoutProvider implements PayoutProvider {
  readonly name = 'sandbox';
  readonly #clock: Clock;
  readonly #transfers = new Map<string, SandboxTransfer>();
  readonly #failures = new Map<string, SandboxFailure & { left: number }>();
  #latencyMs = 0;

  constructor(deps: { clock: Clock }) {
    this.#clock = deps.clock;
  }

  async transfer(transfer: PayoutTransfer): Promise<PayoutReceipt> {
    if (this.#latencyMs > 0) await setTimeout(this.#latencyMs);
    const done = this.#transfers.get(transfer.payoutId);
    this.#failIfTold(transfer.userId, { isReplay: done !== undefined });
    if (done) {
      if (done.userId !== transfer.userId || done.amountCents !== transfer.amountCents || done.currency !== transfer.currency) {
        throw new Error(`payout ${transfer.payoutId} was already sent with other details`);
      }
      return { reference: done.reference };
    }
    const made: SandboxTransfer = { ...transfer, reference: `sbx_po_${transfer.payoutId}`, at: this.#clock.now() };
    this.#transfers.set(transfer.payoutId, made);
    return { reference: made.reference };
  }

  async findTransfer(payoutId: string): Promise<PayoutReceipt | null> {
    const done = this.#transfers.get(payoutId);
    return done ? { reference: done.reference } : null;
  }

  /**
   * Test hook: the next transfers to `userId` fail as told. An outage also hides the answer for a
   * payout already sent; a decline only refuses new ones. findTransfer() keeps answering.
   */
  failTransfersTo(userId: string, failure: SandboxFailure): void {
    this.#failures.set(userId, { ...failure, left: failure.times ?? Number.POSITIVE_INFINITY });
  }

  /** Test hook: every transfer takes this long to answer, like a provider across the internet. */
  setLatency(latencyMs: number): void {
    this.#latencyMs = latencyMs;
  }

  /** Test hook: transfers to `userId` succeed again. */
  clearFailures(userId: string): void {
    this.#failures.delete(userId);
  }

  /** Every transfer the sandbox made, oldest first (each payout at most once). */
  sentTransfers(): SandboxTransfer[] {
    return [...this.#transfers.values()];
  }

  #failIfTold(userId: string, call: { isReplay: boolean }): void {
    const failure = this.#failures.get(userId);
    if (!failure || (call.isReplay && failure.mode === 'declined')) return;
    failure.left -= 1;
    if (failure.left <= 0) this.#failures.delete(userId);
    if (failure.mode === 'declined') throw new PayoutDeclinedError(failure.reason ?? 'The sandbox declined the transfer');
    throw new Error(failure.reason ?? 'The sandbox payout provider is unavailable');
  }
}
