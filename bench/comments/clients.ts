// A load-generator process: opens `count` anonymous viewer sockets on one stream and reports the
// delivery latency of every comment:new it sees (the text carries the send time in ms) as a histogram.
import { io } from 'socket.io-client';

const [url, streamId, countArg] = process.argv.slice(2);
const count = Number(countArg);
// Latency histogram in 1 ms buckets (the last one holds everything slower), cheap to send back.
const MAX_MS = 10_000;
const histogram = new Array<number>(MAX_MS + 1).fill(0);
const sockets: ReturnType<typeof io>[] = [];
let joined = 0;

function open(): Promise<void> {
  return new Promise((resolve) => {
    const socket = io(`${url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on('connect', () => {
      socket.emit('stream:join', { streamId }, () => {
        joined++;
        resolve();
      });
    });
    socket.on('connect_error', () => resolve());
    socket.on('comment:new', (comment: { text: string }) => {
      const sentAt = Number(comment.text.slice(2));
      if (sentAt) {
        const bucket = Math.min(MAX_MS, Math.max(0, Date.now() - sentAt));
        histogram[bucket] = (histogram[bucket] ?? 0) + 1;
      }
    });
  });
}

for (let i = 0; i < count; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, count - i) }, open));
}
process.send?.({ type: 'ready', joined });
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send?.({ type: 'report', histogram });
    histogram.fill(0);
  }
  if (message.type === 'stop') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
