/**
 * Group commit for settlement jobs: calls that arrive within `lingerMs` of each other (up to
 * `maxBatch`) are settled by one `settleMany` call, so one PostgreSQL transaction and one WAL
 * flush serve many orders. Each caller still gets its own order's outcome or error.
 */
export class SettlementBatcher<Outcome> {
  readonly #settleMany: (orderIds: string[]) => Promise<Map<string, Outcome | Error>>;
  readonly #maxBatch: number;
  readonly #lingerMs: number;
  #pending: { orderId: string; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void }[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: { settleMany: (orderIds: string[]) => Promise<Map<string, Outcome | Error>>; maxBatch: number; lingerMs: number }) {
    this.#settleMany = deps.settleMany;
    this.#maxBatch = deps.maxBatch;
    this.#lingerMs = deps.lingerMs;
  }

  settle(orderId: string): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ orderId, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#lingerMs);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#settleMany(batch.map((b) => b.orderId)).then(
      (outcomes) => {
        for (const { orderId, resolve, reject } of batch) {
          const outcome = outcomes.get(orderId);
          if (outcome === undefined) reject(new Error(`no settlement outcome for order ${orderId}`));
          else if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        }
      },
      (error: unknown) => {
        for (const { reject } of batch) reject(error);
      },
    );
  }
}
