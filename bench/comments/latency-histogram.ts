/** Delivery latencies in 1 ms buckets up to 10 s (the last bucket holds everything slower); cheap to add to and to send between processes. */
export class LatencyHistogram {
  static readonly MAX_MS = 10_000;
  readonly buckets: number[];

  constructor(buckets: number[] = new Array<number>(LatencyHistogram.MAX_MS + 1).fill(0)) {
    this.buckets = buckets;
  }

  record(latencyMs: number): void {
    const bucket = Math.min(LatencyHistogram.MAX_MS, Math.max(0, latencyMs));
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
  }

  add(other: LatencyHistogram): void {
    other.buckets.forEach((n, ms) => {
      this.buckets[ms] = (this.buckets[ms] ?? 0) + n;
    });
  }

  get count(): number {
    return this.buckets.reduce((sum, n) => sum + n, 0);
  }

  /** The smallest latency (ms) at or below which `p` percent of deliveries arrived. */
  percentile(p: number): number {
    const total = this.count;
    let seen = 0;
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms] ?? 0;
      if (total > 0 && seen >= (p / 100) * total) return ms;
    }
    return Number.NaN;
  }

  get maxMs(): number {
    return this.buckets.findLastIndex((n) => n > 0);
  }
}
