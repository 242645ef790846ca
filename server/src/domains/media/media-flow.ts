import type { FastifyBaseLogger } from 'fastify';
import type { Media } from '../../../../media/src/index.ts';
import type { StreamService } from '../streams/service.ts';

/** Well inside MEDIA_FRESH_MS, so a stream whose media flows never looks stale. */
const STILL_FLOWING_EVERY_MS = 5_000;

/**
 * Tells the streams domain when a stream's media starts and stops reaching this process's SFU:
 * a room's first producer marks it flowing (and, the first time, followers hear "now live"), its
 * last producer closing marks it stopped, and every few seconds the streams still flowing are
 * confirmed, so a process that dies leaves no show listed LIVE for long (ADR 0014).
 */
export function trackMediaFlow(deps: {
  media: Media;
  streams: Pick<StreamService, 'mediaFlowing' | 'mediaStopped' | 'mediaStillFlowing'>;
  log: FastifyBaseLogger;
}): { close(): void } {
  const flowing = new Set<string>();
  // One change at a time per stream, so "stopped" never overtakes the "flowing" before it.
  const chains = new Map<string, Promise<void>>();
  const inOrder = (streamId: string, change: () => Promise<void>) => {
    const next = (chains.get(streamId) ?? Promise.resolve())
      .then(change)
      .catch((error: unknown) => deps.log.warn({ err: error, streamId }, 'could not record whether media flows'));
    chains.set(streamId, next);
    void next.finally(() => {
      if (chains.get(streamId) === next) chains.delete(streamId);
    });
  };

  deps.media.onRoomCreated((room) => {
    const { streamId } = room;
    room.on('newproducer', () => {
      if (flowing.has(streamId)) return;
      flowing.add(streamId);
      inOrder(streamId, () => deps.streams.mediaFlowing(streamId));
    });
    room.on('producerclose', () => {
      if (room.producerCount > 0 || !flowing.delete(streamId)) return;
      inOrder(streamId, () => deps.streams.mediaStopped(streamId));
    });
  });

  const timer = setInterval(() => {
    deps.streams
      .mediaStillFlowing([...flowing])
      .catch((error: unknown) => deps.log.warn({ err: error }, 'could not confirm the streams whose media flows'));
  }, STILL_FLOWING_EVERY_MS);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
