import type { Redis } from 'ioredis';
import type { RoomEvent } from '../../realtime/bus.ts';

/**
 * Calls `onEnded(streamId)` for every `stream:status` → `ended` on the RealtimeBus, whichever
 * process ended the stream. Listens on a subscriber that is (or will be) subscribed to `channel`.
 */
export function watchStreamEnds(subscriber: Redis, channel: string, onEnded: (streamId: string) => void): () => void {
  const listener = (from: string, message: string) => {
    if (from !== channel) return;
    let event: RoomEvent;
    try {
      event = JSON.parse(message) as RoomEvent;
    } catch {
      return;
    }
    if (event.event === 'stream:status' && event.payload.status === 'ended') onEnded(event.payload.streamId);
  };
  subscriber.on('message', listener);
  return () => subscriber.off('message', listener);
}
