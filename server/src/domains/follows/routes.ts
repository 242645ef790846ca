import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { FollowService } from './service.ts';

export const followRoutes: FastifyPluginAsyncZod<{ follows: FollowService }> = async (app, { follows }) => {
  const tags = ['social'];

  app.get('/kols/:id', { schema: { tags, summary: "A KOL's profile with follower count", params: IdParams } }, async (request) =>
    follows.getProfile(request.params.id, request.principal?.userId),
  );

  app.post(
    '/kols/:id/follow',
    { schema: { tags, summary: 'Follow a KOL; you hear when they go live', params: IdParams } },
    async (request) => follows.follow(requireUser(request).userId, request.params.id),
  );

  app.delete('/kols/:id/follow', { schema: { tags, summary: 'Unfollow a KOL', params: IdParams } }, async (request) =>
    follows.unfollow(requireUser(request).userId, request.params.id),
  );
};
