import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import { CommentSendPayload } from '../../realtime/contract.ts';
import { acked, type SocketHandlers } from '../../realtime/gateway.ts';
import type { CommentService } from './service.ts';

/** comment:send: signed-in users who joined the stream; the author is the token's user. */
export function commentSocketHandlers(deps: { comments: CommentService; log: FastifyBaseLogger }): SocketHandlers {
  return (socket) => {
    socket.on('comment:send', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const userId = socket.data.userId;
        if (!userId) throw new AppError('UNAUTHENTICATED', 'Sign in to comment');
        const parsed = CommentSendPayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'A comment is 1 to 500 characters', parsed.error.issues);
        if (!socket.data.joinedStreams.has(parsed.data.streamId)) throw new AppError('FORBIDDEN', 'Join the stream first');
        const comment = await deps.comments.postComment(userId, parsed.data.streamId, parsed.data.text);
        if (!comment) throw new AppError('VALIDATION_FAILED', 'The comment is empty');
        return { comment };
      }),
    );
  };
}
