import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { requireRole } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import type { StreamPosters } from './service.ts';

const FRAME_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_FRAME_BYTES = 512 * 1024;

export const posterRoutes: FastifyPluginAsyncZod<{ posters: StreamPosters }> = async (app, { posters }) => {
  const tags = ['streams'];
  // Raw image bodies, only in this plugin's scope.
  app.addContentTypeParser(FRAME_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FRAME_BYTES }, (_request, body, done) => done(null, body));

  app.put(
    '/streams/:id/poster',
    {
      schema: {
        tags,
        summary: "Send a frame of the live preview as the stream's poster in the feed (its KOL; JPEG, PNG or WebP body, at most 512 KB)",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const kol = requireRole(request, 'kol');
      if (!Buffer.isBuffer(request.body)) throw new AppError('POSTER_NOT_AN_IMAGE');
      await posters.savePoster(kol.userId, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/streams/:id/poster',
    { schema: { tags, summary: "The stream's latest poster frame (WebP); 404 when it has none", params: IdParams, security: [] } },
    async (request, reply) => {
      const poster = await posters.getPoster(request.params.id);
      if (!poster) throw new AppError('NOT_FOUND', 'This stream has no poster');
      return reply.type('image/webp').header('cache-control', 'public, max-age=20').send(poster);
    },
  );
};
