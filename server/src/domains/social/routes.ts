import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../plugins/auth.ts';
import { REFERRAL_COOKIE } from './referral-cookie.ts';
import { CodeParams, CreateShareLinkBody } from './schema.ts';
import type { ShareLinkService } from './service.ts';

/** `/api/share-links` (under the API prefix). */
export const shareLinkApiRoutes: FastifyPluginAsyncZod<{ shareLinks: ShareLinkService }> = async (app, { shareLinks }) => {
  app.post(
    '/share-links',
    { schema: { tags: ['social'], summary: 'A share link that credits the caller', body: CreateShareLinkBody } },
    async (request, reply) => reply.status(201).send(await shareLinks.createShareLink(requireUser(request).userId, request.body)),
  );

  app.get(
    '/me/share-links',
    { schema: { tags: ['social'], summary: "The caller's share links with clicks, orders and earnings" } },
    async (request) => ({
      items: await shareLinks.listMine(requireUser(request).userId),
    }),
  );
};

/** `/s/:code` (at the root, short for sharing); `secureCookie` when PUBLIC_URL is https. */
export const shareLinkRedirectRoutes: FastifyPluginAsyncZod<{ shareLinks: ShareLinkService; secureCookie: boolean }> = async (
  app,
  { shareLinks, secureCookie },
) => {
  app.get(
    '/s/:code',
    { schema: { tags: ['social'], summary: 'Follow a share link (302), remembering the code', params: CodeParams } },
    async (request, reply) => {
      const target = await shareLinks.followLink(request.params.code);
      const maxAge = 7 * 24 * 3600;
      return reply
        .header(
          'set-cookie',
          `${REFERRAL_COOKIE}=${encodeURIComponent(request.params.code)}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax${secureCookie ? '; Secure' : ''}`,
        )
        .redirect(target, 302);
    },
  );
};
