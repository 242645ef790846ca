// Baseline: a bare Socket.IO server on the same machine that relays every comment to the room,
// with no auth, storage, rate limit or Redis. The engine's figures are compared with it.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
const live = io.of('/live');
live.on('connection', (socket) => {
  socket.on('stream:join', (payload: { streamId: string }, ack: (r: unknown) => void) => {
    void socket.join(`stream:${payload.streamId}`);
    ack({ ok: true });
  });
  socket.on('comment:send', (payload: { streamId: string; text: string }, ack: (r: unknown) => void) => {
    live
      .to(`stream:${payload.streamId}`)
      .emit('comment:new', { id: '', streamId: payload.streamId, userId: '', displayName: '', text: payload.text, at: '' });
    ack({ ok: true });
  });
});
httpServer.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready' }));
