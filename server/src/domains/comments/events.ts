import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import { CommentPinPayload, CommentSendPayload } from '../../realtime/contract.ts';
import { acked, type SocketHandlers } from '../../realtime/gateway.ts';
import { CommentDeletePayload } from './schema.ts';
import type { CommentService } from './service.ts';

/** comment:send and comment:delete; the author or moderator is the token's user, never a payload field. */
export function commentSocketHandlers(deps: { comments: CommentService; log: FastifyBaseLogger }): SocketHandlers {
  return (socket) => {
    socket.on('comment:send', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const userId = socket.data.userId;
        if (!userId) throw new AppError('UNAUTHENTICATED', 'Sign in to comment');
        const parsed = CommentSendPayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'A comment is 1 to 500 characters', parsed.error.issues);
        if (!socket.data.joinedStreams.has(parsed.data.streamId)) throw new AppError('FORBIDDEN', 'Join the stream first');
        return { comment: await deps.comments.postComment(userId, parsed.data.streamId, parsed.data.text, parsed.data.replyTo) };
      }),
    );

    socket.on('comment:pin', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const userId = socket.data.userId;
        if (!userId) throw new AppError('UNAUTHENTICATED');
        const parsed = CommentPinPayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'streamId and commentId (or null) are required', parsed.error.issues);
        const { streamId, commentId } = parsed.data;
        return { comment: await deps.comments.pinComment({ userId, roles: socket.data.roles }, streamId, commentId) };
      }),
    );

    socket.on('comment:delete', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const userId = socket.data.userId;
        if (!userId) throw new AppError('UNAUTHENTICATED');
        const parsed = CommentDeletePayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'streamId and commentId are required', parsed.error.issues);
        await deps.comments.deleteComment({ userId, roles: socket.data.roles }, parsed.data.streamId, parsed.data.commentId);
        return {};
      }),
    );
  };
}
