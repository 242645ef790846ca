import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { MuteBody, StreamCommentParams, StreamUserParams } from './schema.ts';
import type { CommentService } from './service.ts';

export const commentRoutes: FastifyPluginAsyncZod<{ comments: CommentService }> = async (app, { comments }) => {
  const tags = ['comments'];

  app.get('/streams/:id/comments', { schema: { tags, summary: "The stream's last 50 comments", params: IdParams } }, async (request) => ({
    items: await comments.recentComments(request.params.id),
  }));

  app.delete(
    '/streams/:id/comments/:commentId',
    { schema: { tags, summary: "Remove a comment (the stream's KOL or an admin)", params: StreamCommentParams } },
    async (request, reply) => {
      await comments.deleteComment(requireUser(request), request.params.id, request.params.commentId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/streams/:id/mutes',
    { schema: { tags, summary: "Users muted in the stream (the stream's KOL or an admin)", params: IdParams } },
    async (request) => ({
      items: await comments.listMuted(requireUser(request), request.params.id),
    }),
  );

  app.post(
    '/streams/:id/mutes',
    { schema: { tags, summary: "Mute a user in the stream (the stream's KOL or an admin)", params: IdParams, body: MuteBody } },
    async (request, reply) => {
      await comments.setMuted(requireUser(request), request.params.id, request.body.userId, true);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/streams/:id/mutes/:userId',
    { schema: { tags, summary: 'Unmute a user in the stream', params: StreamUserParams } },
    async (request, reply) => {
      await comments.setMuted(requireUser(request), request.params.id, request.params.userId, false);
      return reply.status(204).send();
    },
  );
};
