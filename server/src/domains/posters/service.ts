import type { Redis } from 'ioredis';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import { posterKeys } from './keys.ts';

/** A poster lives a few refreshes long: a stream whose studio stops sending frames falls back to its initials. */
const POSTER_TTL_SEC = 180;
const POSTER_WIDTH = 480;
/** Frames bigger than a 4K still are refused before decoding (sharp's limitInputPixels). */
const MAX_INPUT_PIXELS = 3840 * 2160;

/** The question the posters ask the streams domain: whose stream is it? */
export interface StreamOwnership {
  kolOfStream(streamId: string): Promise<string | null>;
}

/**
 * Live poster frames for the feed's stream cards: the studio sends a frame of its own preview every
 * so often, and viewers' feeds show the latest one. Frames are re-encoded here (never served as sent).
 */
export class StreamPosters {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #streams: StreamOwnership;

  constructor(deps: { redis: Redis; prefix: string; streams: StreamOwnership }) {
    this.#redis = deps.redis;
    this.#prefix = deps.prefix;
    this.#streams = deps.streams;
  }

  /** Stores a new frame for the KOL's own stream. Throws NOT_FOUND (not theirs), POSTER_NOT_AN_IMAGE. */
  async savePoster(kolId: string, streamId: string, frame: Buffer): Promise<void> {
    if ((await this.#streams.kolOfStream(streamId)) !== kolId) throw new AppError('NOT_FOUND', 'Stream not found');
    let webp: Buffer;
    try {
      webp = await sharp(frame, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize({ width: POSTER_WIDTH, withoutEnlargement: true })
        .webp({ quality: 70 })
        .toBuffer();
    } catch {
      throw new AppError('POSTER_NOT_AN_IMAGE');
    }
    await this.#redis.set(posterKeys.poster(this.#prefix, streamId), webp, 'EX', POSTER_TTL_SEC);
  }

  /** The latest frame as WebP, or undefined when there is none (or it lapsed). */
  async getPoster(streamId: string): Promise<Buffer | undefined> {
    return (await this.#redis.getBuffer(posterKeys.poster(this.#prefix, streamId))) ?? undefined;
  }
}
