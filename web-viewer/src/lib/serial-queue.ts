/** Runs async tasks one after another, so media set-up steps never interleave. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => {});
    return result;
  }
}

/** Delay before retry number `attempt` (0-based): 250 ms doubling, at most `maxMs`. */
export function backoffMs(attempt: number, maxMs = 4000): number {
  return Math.min(250 * 2 ** attempt, maxMs);
}
