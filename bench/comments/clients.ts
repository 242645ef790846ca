// A load-generator process: opens `count` anonymous viewer sockets on one stream and reports the
// delivery latency of every comment:new it sees (the text carries the send time in ms).
import { io } from 'socket.io-client';

const [url, streamId, countArg] = process.argv.slice(2);
const count = Number(countArg);
const latencies: number[] = [];
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
      if (sentAt) latencies.push(Date.now() - sentAt);
    });
  });
}

for (let i = 0; i < count; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, count - i) }, open));
}
process.send?.({ type: 'ready', joined });
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send?.({ type: 'report', latencies });
    latencies.length = 0;
  }
  if (message.type === 'stop') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
