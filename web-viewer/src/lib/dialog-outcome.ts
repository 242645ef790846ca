/**
 * What an asking dialog hands back to the code that opened it: `next()` gives a promise that settles
 * once, when the dialog closes, with the outcome recorded by then, or `fallback` when the user backed out.
 */
export class DialogOutcome<T> {
  readonly #fallback: T;
  #outcome: T;
  #settle: ((outcome: T) => void) | undefined;

  constructor(fallback: T) {
    this.#fallback = fallback;
    this.#outcome = fallback;
  }

  /** Settles the question still open, if any, and starts a new one. */
  next(): Promise<T> {
    this.settle();
    this.#outcome = this.#fallback;
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  record(outcome: T): void {
    this.#outcome = outcome;
  }

  /** Hands the outcome over; later calls do nothing until the next question. */
  settle(): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(this.#outcome);
  }
}
