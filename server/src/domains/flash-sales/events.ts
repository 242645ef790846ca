import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';

/**
 * Sends `flashsale:update` to the sale's stream at most once per interval while stock moves:
 * the first change schedules one send, later changes in the same window ride along.
 */
export class StockBroadcaster {
  readonly #bus: RealtimeBus;
  readonly #intervalMs: number;
  readonly #readState: (saleId: string) => Promise<{ streamId: string | null; status: string; remaining: number } | undefined>;
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(deps: {
    bus: RealtimeBus;
    intervalMs?: number;
    readState: (saleId: string) => Promise<{ streamId: string | null; status: string; remaining: number } | undefined>;
  }) {
    this.#bus = deps.bus;
    this.#intervalMs = deps.intervalMs ?? 250;
    this.#readState = deps.readState;
  }

  /** Notes that the sale's stock moved. */
  stockChanged(saleId: string): void {
    if (this.#pending.has(saleId)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(saleId);
      void this.sendNow(saleId).catch(() => {});
    }, this.#intervalMs);
    timer.unref();
    this.#pending.set(saleId, timer);
  }

  /** Sends the sale's current state at once (open, close). */
  async sendNow(saleId: string): Promise<void> {
    const state = await this.#readState(saleId);
    if (!state?.streamId) return;
    await this.#bus.publish({
      room: rooms.stream(state.streamId),
      event: 'flashsale:update',
      payload: { id: saleId, status: state.status, remaining: state.remaining },
    });
  }

  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
