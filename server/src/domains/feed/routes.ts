import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { FollowService } from '../follows/service.ts';
import { rankFeed } from './ranking.ts';
import type { FeedSignals } from './signals.ts';

const FeedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

export const feedRoutes: FastifyPluginAsyncZod<{ signals: FeedSignals; follows: FollowService; clock: Clock }> = async (
  app,
  { signals, follows, clock },
) => {
  app.get(
    '/feed/for-you',
    {
      schema: {
        tags: ['feed'],
        summary: 'Live and upcoming streams and products ranked for the caller, each with a reason',
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
      return { items: rankFeed(streams, products, userSignals, request.query.limit) };
    },
  );
};
