// A viewer that speaks just enough Socket.IO (Engine.IO v4 over a WebSocket) to join a stream
// and check its comments, so that 10,000 of them fit beside the server on 2 cores.
// socket.io-client would decode every frame; this one reads only the first and the last comment
// text of a frame ("t=<sent at> n=<number>", see comment-sequence.ts). A batch's comments are
// consecutive, so the numbers tell how many it carries and whether any went missing between frames.
import WebSocket from 'ws';
import { CommentSequence } from './comment-sequence.ts';
import type { LatencyHistogram } from './latency-histogram.ts';

const NAMESPACE = '/live';
// Inside a JSON string a quote is always escaped, so this only matches the `text` key of a comment.
const COMMENT_TEXT = Buffer.from('"text":"t=');
const DIGIT_0 = 0x30;
// First byte of a frame: the Engine.IO packet type; for a "message", the second is the Socket.IO one.
const ENGINE_IO = { open: 0x30, ping: 0x32, message: 0x34 } as const;
const SOCKET_IO = { connect: 0x30, event: 0x32, ack: 0x33, connectError: 0x34 } as const;

/** The unsigned integer at `data[from]`, and where its digits end. */
function readNumber(data: Buffer, from: number): [value: number, end: number] {
  let value = 0;
  let i = from;
  for (let digit = (data[i] ?? 0) - DIGIT_0; digit >= 0 && digit <= 9; digit = (data[++i] ?? 0) - DIGIT_0) value = value * 10 + digit;
  return [value, i];
}

/** The comment text starting at `at` (just after `"text":"t=`): send time, then " n=" and the number. */
function readComment(data: Buffer, at: number): { sentAtMs: number; seq: number } {
  const [sentAtMs, end] = readNumber(data, at);
  return { sentAtMs, seq: readNumber(data, end + 3)[0] };
}

export class LightViewer {
  readonly sequence = new CommentSequence();
  readonly #latency: LatencyHistogram;
  #ws: WebSocket | undefined;

  /** `latency` gets the oldest comment of each frame: the frame's slowest. */
  constructor(latency: LatencyHistogram) {
    this.#latency = latency;
  }

  /** Connects to `/live` on `url` and resolves once `stream:join` is acknowledged. */
  join(url: string, joinPayload: Record<string, unknown>): Promise<void> {
    const endpoint = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(endpoint, { perMessageDeflate: false, skipUTF8Validation: true });
    this.#ws = ws;
    return new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('close', () => reject(new Error('closed before joining')));
      ws.on('message', (data: Buffer) => {
        const engineType = data[0];
        if (engineType === ENGINE_IO.ping) return ws.send('3');
        if (engineType === ENGINE_IO.open) return ws.send(`40${NAMESPACE},{}`);
        if (engineType !== ENGINE_IO.message) return;
        // 42/live,["comment:batch",…]  40/live,{"sid":…}  43/live,0[{"ok":true,…}]  44/live,{"message":…}
        const socketType = data[1];
        if (socketType === SOCKET_IO.event) return this.#check(data);
        if (socketType === SOCKET_IO.connect) return ws.send(`42${NAMESPACE},0${JSON.stringify(['stream:join', joinPayload])}`);
        if (socketType === SOCKET_IO.ack) {
          const isOk = data.includes('"ok":true');
          return isOk ? resolve() : reject(new Error(`stream:join refused: ${data.toString().slice(0, 200)}`));
        }
        if (socketType === SOCKET_IO.connectError) reject(new Error(data.toString()));
      });
    });
  }

  get isConnected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.#ws?.terminate();
  }

  #check(data: Buffer): void {
    const first = data.indexOf(COMMENT_TEXT, 8);
    if (first === -1) return;
    const last = data.lastIndexOf(COMMENT_TEXT);
    const oldest = readComment(data, first + COMMENT_TEXT.length);
    const newest = last === first ? oldest : readComment(data, last + COMMENT_TEXT.length);
    this.sequence.addRun(oldest.seq, newest.seq);
    this.#latency.record(Date.now() - oldest.sentAtMs);
  }
}
