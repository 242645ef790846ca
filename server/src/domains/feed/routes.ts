import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { FollowService } from '../follows/service.ts';
import { rankFeed } from './ranking.ts';
import { categoriesOf, searchCandidates } from './search.ts';
import type { FeedSignals } from './signals.ts';

const FeedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Words that must all appear in a stream's title or host, or a product's title or category. */
  q: z.string().trim().max(100).optional(),
  /** Only products of this category (streams are left out). */
  category: z.string().trim().min(1).max(60).optional(),
});

export const feedRoutes: FastifyPluginAsyncZod<{ signals: FeedSignals; follows: FollowService; clock: Clock }> = async (
  app,
  { signals, follows, clock },
) => {
  app.get(
    '/feed/for-you',
    {
      schema: {
        tags: ['feed'],
        summary: 'Live and upcoming streams and products ranked for the caller, each with a reason; `q` and `category` narrow it',
        querystring: FeedQuery,
      },
    },
    async (request) => {
      const userId = request.principal?.userId;
      const [streams, products, userSignals] = await Promise.all([
        signals.streamCandidates(),
        signals.productCandidates(clock.now()),
        userId
          ? Promise.all([follows.followedKolIds(userId), signals.purchasedCategories(userId), signals.viewedCategories(userId)]).then(
              ([kols, categories, viewed]) => ({
                followedKolIds: new Set(kols),
                purchasedCategories: categories,
                viewedCategories: viewed,
              }),
            )
          : Promise.resolve(undefined),
      ]);
      const found = searchCandidates(streams, products, request.query);
      return { items: rankFeed(found.streams, found.products, userSignals, request.query.limit) };
    },
  );

  app.get(
    '/feed/categories',
    { schema: { tags: ['feed'], summary: 'The categories of the products on offer, most common first', security: [] } },
    async () => ({ items: categoriesOf(await signals.productCandidates(clock.now())) }),
  );
};
