import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';
import type { LiveState } from './sale-store.ts';

/**
 * Sends `flashsale:update` to the sale's stream and to its merchant (the console) at most once
 * per interval while stock moves: the first change schedules one send, later changes in the same
 * window ride along. Opening and closing are sent at once.
 */
export class StockBroadcaster {
  readonly #bus: RealtimeBus;
  readonly #intervalMs: number;
  readonly #readState: (saleId: string) => Promise<LiveState | undefined>;
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(deps: { bus: RealtimeBus; intervalMs?: number; readState: (saleId: string) => Promise<LiveState | undefined> }) {
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

  /** Sends the sale's current state at once (open, close, edit). */
  async sendNow(saleId: string): Promise<void> {
    const state = await this.#readState(saleId);
    if (!state) return;
    const payload = { id: saleId, status: state.status, remaining: state.remaining };
    const targets = [
      ...(state.streamId ? [rooms.stream(state.streamId)] : []),
      ...(state.merchantId ? [rooms.user(state.merchantId)] : []),
    ];
    await Promise.all(targets.map((room) => this.#bus.publish({ room, event: 'flashsale:update', payload })));
  }

  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
