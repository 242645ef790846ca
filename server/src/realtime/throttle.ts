/**
 * Runs `send(key)` at most once per `intervalMs` for each key: the first call in a window
 * schedules one send at the window's end, later calls ride along (so the value sent is fresh).
 */
export class KeyedThrottle {
  readonly #intervalMs: number;
  readonly #send: (key: string) => Promise<void>;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #onError: (error: unknown) => void;

  constructor(intervalMs: number, send: (key: string) => Promise<void>, onError: (error: unknown) => void = () => {}) {
    this.#intervalMs = intervalMs;
    this.#send = send;
    this.#onError = onError;
  }

  /** Notes that `key` changed. */
  touch(key: string): void {
    if (this.#pending.has(key)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      this.#send(key).catch(this.#onError);
    }, this.#intervalMs);
    timer.unref();
    this.#pending.set(key, timer);
  }

  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
