import { FAN_POINTS } from './levels.ts';
import type { FanService } from './service.ts';

const STREAM_CACHE_SIZE = 10_000;

/** Where engagement happens (a stream) mapped to whose fan group earns it (the stream's KOL). */
export class FanEngagement {
  readonly #fans: FanService;
  readonly #kolOfStream: (streamId: string) => Promise<string | null>;
  // A stream's KOL never changes, so it is looked up once.
  readonly #kolByStream = new Map<string, string>();

  constructor(deps: { fans: FanService; kolOfStream: (streamId: string) => Promise<string | null> }) {
    this.#fans = deps.fans;
    this.#kolOfStream = deps.kolOfStream;
  }

  /** The user's fan level with the stream's KOL, or null. */
  async levelIn(streamId: string, userId: string): Promise<number | null> {
    const kolId = await this.#kolOf(streamId);
    return kolId ? this.#fans.levelOf(kolId, userId) : null;
  }

  async commented(streamId: string, userId: string): Promise<void> {
    const kolId = await this.#kolOf(streamId);
    if (kolId) await this.#fans.addPoints(kolId, userId, FAN_POINTS.comment);
  }

  async watched(streamId: string, userId: string, minutes: number): Promise<void> {
    const kolId = await this.#kolOf(streamId);
    if (kolId) await this.#fans.addPoints(kolId, userId, minutes * FAN_POINTS.minuteWatched);
  }

  async purchased(kolId: string, userId: string): Promise<void> {
    await this.#fans.addPoints(kolId, userId, FAN_POINTS.purchase);
  }

  async #kolOf(streamId: string): Promise<string | null> {
    const cached = this.#kolByStream.get(streamId);
    if (cached) return cached;
    const kolId = await this.#kolOfStream(streamId);
    if (kolId) {
      if (this.#kolByStream.size >= STREAM_CACHE_SIZE) this.#kolByStream.clear();
      this.#kolByStream.set(streamId, kolId);
    }
    return kolId;
  }
}
