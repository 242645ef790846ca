/** Counters summed over the RTP streams of one type (a simulcast sender has one per layer). */
export interface RtpTotals {
  bytes: number;
  frames: number;
  framesPerSecond: number;
  frameWidth: number;
  frameHeight: number;
}

/**
 * Sums `outbound-rtp` or `inbound-rtp` entries of a report: bytes and frames over all streams,
 * the highest frame rate and the largest frame size among them.
 */
export function rtpTotals(report: RTCStatsReport, type: 'outbound-rtp' | 'inbound-rtp'): RtpTotals {
  const totals: RtpTotals = { bytes: 0, frames: 0, framesPerSecond: 0, frameWidth: 0, frameHeight: 0 };
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.type !== type) return;
    const number = (key: string) => (typeof entry[key] === 'number' ? (entry[key] as number) : 0);
    totals.bytes += number(type === 'outbound-rtp' ? 'bytesSent' : 'bytesReceived');
    totals.frames += number(type === 'outbound-rtp' ? 'framesEncoded' : 'framesDecoded');
    totals.framesPerSecond = Math.max(totals.framesPerSecond, number('framesPerSecond'));
    if (number('frameWidth') > totals.frameWidth) {
      totals.frameWidth = number('frameWidth');
      totals.frameHeight = number('frameHeight');
    }
  });
  return totals;
}

/** Turns successive byte counters into bits per second, over windows of at least `minWindowMs`. */
export class BitrateMeter {
  readonly #minWindowMs: number;
  #lastBytes = 0;
  #lastAt = 0;
  #rate = 0;

  constructor(minWindowMs = 500) {
    this.#minWindowMs = minWindowMs;
  }

  /** The rate over the last full window; samples closer together (several readers) reuse it. */
  sample(bytes: number, at = performance.now()): number {
    if (this.#lastAt && at - this.#lastAt < this.#minWindowMs && bytes >= this.#lastBytes) return this.#rate;
    const elapsedSeconds = (at - this.#lastAt) / 1000;
    this.#rate = this.#lastAt && bytes >= this.#lastBytes ? ((bytes - this.#lastBytes) * 8) / elapsedSeconds : 0;
    this.#lastBytes = bytes;
    this.#lastAt = at;
    return this.#rate;
  }
}
