import type { JobPayloads } from '../../../server/src/jobs/queues.ts';
import type { Services } from '../../../server/src/services.ts';

export const FANOUT_BATCH = 1000;

/**
 * "Now live" to a KOL's followers, 1,000 per job: each job notifies one page of followers and
 * queues the next page. A retried job writes nothing twice (one notification per follower and
 * stream) and queues the same next page (its job id names it).
 */
export const nowLiveFanout =
  (s: Pick<Services, 'follows' | 'notifications' | 'queues'>) => async (data: JobPayloads['now-live-fanout']) => {
    const page = await s.follows.followerPage(data.kolId, data.afterFollowerId, FANOUT_BATCH);
    const notified = await s.notifications.notifyMany(
      page,
      'stream_live',
      { streamId: data.streamId, kolId: data.kolId, title: data.title },
      (userId) => `stream_live:${data.streamId}:${userId}`,
    );
    const last = page.at(-1);
    if (page.length === FANOUT_BATCH && last) {
      await s.queues.add('now-live-fanout', `now-live-${data.streamId}-${last}`, { ...data, afterFollowerId: last });
    }
    return { notified };
  };
