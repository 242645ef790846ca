/** Messages between bench/sfu/run.ts and its udp-sinks child process. */
export type SinkRequest =
  | { id: number; type: 'open'; count: number }
  | { id: number; type: 'reset' }
  | { id: number; type: 'totals' }
  | { id: number; type: 'close' };

export type SinkReply =
  | { id: number; type: 'opened'; ports: number[] }
  | { id: number; type: 'totals'; totals: SinkTotals }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string };

/** Counts since the last reset, over every sink. */
export interface SinkTotals {
  sinks: number;
  /** Sinks that received at least one RTP packet. */
  flowing: number;
  received: number;
  /** Packets the sequence numbers say were sent to the sinks that are flowing. */
  expected: number;
  /** The most packets one sink lost. */
  worstSinkLost: number;
  /** The fewest packets one sink lost: every consumer misses a packet lost before the fan-out. */
  bestSinkLost: number;
}
