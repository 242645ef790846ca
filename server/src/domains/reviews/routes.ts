import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import { IdParams, text } from '../../schemas.ts';
import type { ReviewService } from './service.ts';

const ReviewBody = z.object({ rating: z.number().int().min(1).max(5), text: text().trim().min(1).max(2000) });
const ReplyBody = z.object({ text: text().trim().min(1).max(2000) });
const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  before: z.iso.datetime({ offset: true }).optional(),
});

export const reviewRoutes: FastifyPluginAsyncZod<{ reviews: ReviewService }> = async (app, { reviews }) => {
  const tags = ['reviews'];

  app.post(
    '/orders/:id/review',
    { schema: { tags, summary: 'Review a paid order (its buyer, once)', params: IdParams, body: ReviewBody } },
    async (request, reply) => reply.status(201).send(await reviews.review(requireUser(request).userId, request.params.id, request.body)),
  );

  app.post(
    '/reviews/:id/reply',
    { schema: { tags, summary: "Reply to a review of one's product (merchant, once)", params: IdParams, body: ReplyBody } },
    async (request) => reviews.reply(requireRole(request, 'merchant').userId, request.params.id, request.body.text),
  );

  app.get(
    '/products/:id/reviews',
    { schema: { tags, summary: "A product's reviews, newest first", params: IdParams, querystring: PageQuery } },
    async (request) => ({
      ...(await reviews.listForProduct(request.params.id, request.query)),
      rating: await reviews.ratingOf(request.params.id),
    }),
  );
};
