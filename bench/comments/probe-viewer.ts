// A viewer on the real socket.io-client: it decodes every comment:new and comment:batch, as a
// browser would, checks each comment's number and records its latency.
import { io, type Socket } from 'socket.io-client';
import type { CommentPayload, ServerToClientEvents } from '../../server/src/realtime/contract.ts';
import { CommentSequence, parseCommentText } from './comment-sequence.ts';
import type { LatencyHistogram } from './latency-histogram.ts';

export class ProbeViewer {
  readonly sequence = new CommentSequence();
  readonly #latency: LatencyHistogram;
  #socket: Socket<ServerToClientEvents> | undefined;

  constructor(latency: LatencyHistogram) {
    this.#latency = latency;
  }

  join(url: string, joinPayload: Record<string, unknown>): Promise<void> {
    const socket: Socket<ServerToClientEvents> = io(`${url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    this.#socket = socket;
    socket.on('comment:new', (comment) => this.#receive([comment]));
    socket.on('comment:batch', ({ comments }) => this.#receive(comments));
    return new Promise((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        (socket.emit as (event: string, payload: unknown, ack: (r: { ok: boolean }) => void) => void)(
          'stream:join',
          joinPayload,
          (response) => (response.ok ? resolve() : reject(new Error(`stream:join refused: ${JSON.stringify(response)}`))),
        );
      });
    });
  }

  get isConnected(): boolean {
    return this.#socket?.connected ?? false;
  }

  close(): void {
    this.#socket?.disconnect();
  }

  #receive(comments: CommentPayload[]): void {
    const nowMs = Date.now();
    for (const comment of comments) {
      const { sentAtMs, seq } = parseCommentText(comment.text);
      this.sequence.addRun(seq, seq);
      this.#latency.record(nowMs - sentAtMs);
    }
  }
}
