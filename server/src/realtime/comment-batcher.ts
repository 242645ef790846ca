import type { CommentPayload } from './contract.ts';

export interface CommentBatcherOptions {
  /** No comment waits longer than this for its batch, and no socket gets more than one batch per interval. */
  intervalMs: number;
  /** A stream's batched sockets are spread over this many slices (see `commentSliceOf`). */
  slices: number;
  /** Sends `comments` (oldest first) to the stream's sockets in `slice`. */
  flush: (streamId: string, slice: number, comments: CommentPayload[]) => void;
}

interface StreamBatches {
  /** Comments some slice has not had yet, oldest first, with their sequence numbers. */
  pending: { seq: number; comment: CommentPayload }[];
  nextSeq: number;
  /** Per slice: the sequence number of the first comment it has not had. */
  sliceNextSeq: number[];
  nextSlice: number;
  timer: NodeJS.Timeout;
}

/** The slice of a socket: a hash of its id, so joining and leaving need no shared state. */
export function commentSliceOf(socketId: string, slices: number): number {
  let hash = 0;
  for (let i = 0; i < socketId.length; i++) hash = (hash * 31 + socketId.charCodeAt(i)) | 0;
  return Math.abs(hash) % slices;
}

/**
 * Collects each stream's new comments for the sockets that asked for batches, which are spread
 * over `slices` rooms. Every `intervalMs / slices` the next slice gets the comments it has not had
 * yet, in arrival order: no comment waits longer than `intervalMs`, and a socket gets at most one
 * batch per interval. Taking turns spreads the fan-out over the interval; writing to 5,000 sockets
 * at once blocks the event loop for 60 ms or more, which delays the last of them and every
 * comment:send behind it (bench/results/comments-2026-11-26.md). A stream's timer keeps its pace
 * while comments keep coming and stops after a tick with nothing to send.
 */
export class CommentBatcher {
  readonly #tickMs: number;
  readonly #slices: number;
  readonly #flush: CommentBatcherOptions['flush'];
  readonly #streams = new Map<string, StreamBatches>();
  #closed = false;

  constructor(options: CommentBatcherOptions) {
    this.#slices = options.slices;
    this.#tickMs = options.intervalMs / options.slices;
    this.#flush = options.flush;
  }

  add(comment: CommentPayload): void {
    if (this.#closed) return;
    const stream = this.#streams.get(comment.streamId) ?? this.#start(comment.streamId);
    stream.pending.push({ seq: stream.nextSeq++, comment });
  }

  /** Drops a pending comment (it was deleted before every slice had it); false when none was pending. */
  remove(commentId: string): boolean {
    for (const [streamId, stream] of this.#streams) {
      const index = stream.pending.findIndex((p) => p.comment.id === commentId);
      if (index === -1) continue;
      stream.pending.splice(index, 1);
      if (stream.pending.length === 0) this.#stop(streamId, stream);
      return true;
    }
    return false;
  }

  /** Stops every timer; pending comments are dropped (their sockets are closing too). */
  close(): void {
    this.#closed = true;
    for (const [streamId, stream] of this.#streams) this.#stop(streamId, stream);
  }

  #start(streamId: string): StreamBatches {
    const timer = setInterval(() => this.#tick(streamId), this.#tickMs);
    timer.unref();
    const stream: StreamBatches = { pending: [], nextSeq: 0, sliceNextSeq: new Array(this.#slices).fill(0), nextSlice: 0, timer };
    this.#streams.set(streamId, stream);
    return stream;
  }

  #stop(streamId: string, stream: StreamBatches): void {
    clearInterval(stream.timer);
    this.#streams.delete(streamId);
  }

  #tick(streamId: string): void {
    const stream = this.#streams.get(streamId);
    if (!stream) return;
    const slice = stream.nextSlice;
    stream.nextSlice = (slice + 1) % this.#slices;
    const from = stream.sliceNextSeq[slice] ?? 0;
    const unsent = stream.pending.filter((p) => p.seq >= from).map((p) => p.comment);
    stream.sliceNextSeq[slice] = stream.nextSeq;
    if (unsent.length > 0) this.#flush(streamId, slice, unsent);
    // What every slice has had is done with.
    const everyoneFrom = Math.min(...stream.sliceNextSeq);
    stream.pending = stream.pending.filter((p) => p.seq >= everyoneFrom);
    // The timer keeps its pace while comments keep coming (restarting it at the next comment would
    // add the time that comment waited in the socket); a tick with nothing to do ends it.
    if (stream.pending.length === 0 && unsent.length === 0) this.#stop(streamId, stream);
  }
}
