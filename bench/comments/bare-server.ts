// Baseline: a bare Socket.IO server in one process that relays every comment to the stream's
// sockets, with no auth, storage, rate limit or Redis. Sockets that join with `commentBatching` get
// the engine's own CommentBatcher and slice rooms, so the batched baseline does the same fan-out.
// Usage: node bench/comments/bare-server.ts <port> <commentBatchMs> <commentBatchSlices>
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { CommentBatcher, commentSliceOf } from '../../server/src/realtime/comment-batcher.ts';
import type { CommentPayload } from '../../server/src/realtime/contract.ts';

const port = Number(process.argv[2]);
const intervalMs = Number(process.argv[3] ?? 100);
const slices = Number(process.argv[4] ?? 10);
const oneByOneRoom = (streamId: string) => `stream:${streamId}:comment-new`;
const batchRoom = (streamId: string, slice: number) => `stream:${streamId}:comment-batch:${slice}`;

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
const live = io.of('/live');
const batches = new CommentBatcher({
  intervalMs,
  slices,
  flush: (streamId, slice, comments) => live.to(batchRoom(streamId, slice)).emit('comment:batch', { streamId, comments }),
});
let sequence = 0;

live.on('connection', (socket) => {
  socket.on('stream:join', (payload: { streamId: string; commentBatching?: boolean }, ack: (r: unknown) => void) => {
    const { streamId } = payload;
    void socket.join(payload.commentBatching ? batchRoom(streamId, commentSliceOf(socket.id, slices)) : oneByOneRoom(streamId));
    ack({ ok: true });
  });
  socket.on('comment:send', (payload: { streamId: string; text: string }, ack: (r: unknown) => void) => {
    const comment: CommentPayload = {
      id: String(++sequence),
      streamId: payload.streamId,
      userId: '',
      displayName: '',
      text: payload.text,
      at: '',
      fanLevel: null,
    };
    live.to(oneByOneRoom(payload.streamId)).emit('comment:new', comment);
    batches.add(comment);
    ack({ ok: true });
  });
});
httpServer.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready' }));
