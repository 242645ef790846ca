import type { FastifyBaseLogger } from 'fastify';
import { FfmpegMissingError, type Media, startTestPattern, type TestPatternSource } from '../../../../media/src/index.ts';
import type { StreamService } from '../streams/service.ts';

const RETRY_AFTER_MS = 5_000;

/**
 * `npm start`'s demo show gets a picture and a tone (ffmpeg's test pattern over plain RTP), so a
 * newcomer's first click plays video. It steps aside while the demo KOL broadcasts from the studio
 * and comes back when they stop. Without ffmpeg it logs why and feeds nothing: the show is then not
 * listed LIVE (ADR 0014). Resolves once the first attempt is over.
 */
export async function startDemoFeed(deps: {
  media: Media;
  streams: Pick<StreamService, 'getStreamRow'>;
  streamId: string;
  log: FastifyBaseLogger;
}): Promise<{ close(): void }> {
  const { media, streamId, log } = deps;
  let source: TestPatternSource | undefined;
  let closed = false;
  const isLive = async () => (await deps.streams.getStreamRow(streamId).catch(() => undefined))?.status === 'live';
  const isPattern = (appData: Record<string, unknown>) => appData.source === 'test-pattern';

  const feed = async () => {
    if (closed || source || !(await isLive())) return;
    try {
      source = await startTestPattern({
        room: async () => ((await isLive()) ? media.getOrCreateRoom(streamId) : undefined),
        log: log.child({ component: 'demo-feed' }),
      });
      log.info({ streamId }, 'the demo show is fed by a test pattern (ffmpeg)');
    } catch (error) {
      if (error instanceof FfmpegMissingError) {
        log.warn({ err: error, streamId }, 'the demo show has no video, so it is not listed LIVE: install ffmpeg to feed it');
        return;
      }
      // No worker yet (one is being replaced): try again shortly.
      log.warn({ err: error, streamId }, 'the demo show could not be fed yet; trying again');
      setTimeout(() => void feed(), RETRY_AFTER_MS).unref();
    }
  };

  media.onRoomCreated((room) => {
    if (room.streamId !== streamId) return;
    // The demo KOL broadcasting from the studio replaces the pattern; the pattern returns when they stop.
    room.on('newproducer', (producer) => {
      if (isPattern(producer.appData) || !source) return;
      source.close();
      source = undefined;
    });
    room.on('producerclose', () => {
      if (!room.closed && room.producerCount === 0 && !source) void feed();
    });
  });

  await feed();
  return {
    close() {
      closed = true;
      source?.close();
    },
  };
}
