/** Messages between bench/comments/run.ts and its viewer-process children. */
export interface ViewerProcessOptions {
  /** The servers' http://host:port; viewer i connects to urls[i % urls.length]. */
  urls: string[];
  streamId: string;
  count: number;
  commentBatching: boolean;
  /** Every this-many-th viewer, in join order, is a socket.io-client probe. */
  probeEvery: number;
  /** Joins in flight at once. */
  concurrency: number;
}

export type ViewerRequest = { type: 'report'; commentsSent: number } | { type: 'stop' };

export type ViewerReply =
  | { type: 'joined'; joined: number; failed: number; firstError?: string }
  | { type: 'report'; report: ViewerReport };

export interface ViewerReport {
  joined: number;
  probes: number;
  /** Viewers whose connection was still open when the report was asked for. */
  connected: number;
  /** Comments received over every viewer (each viewer should get each comment once). */
  deliveries: number;
  /** Viewers that got every comment sent, once and in order. */
  complete: number;
  /** Viewers whose comment numbers skipped, repeated or went back. */
  withBreaks: number;
  /** Latency of each comment a probe decoded (1 ms buckets). */
  probeLatency: number[];
  /** Latency of the oldest comment in each frame a light viewer got (1 ms buckets). */
  lightLatency: number[];
}
