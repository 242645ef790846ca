import { type MediaConfig, type MediaLogger, silentLogger } from './media-config.ts';
import { StreamRoom } from './stream-room.ts';
import { WorkerPool, type WorkerPoolHealth } from './worker-pool.ts';

export { MEDIA_CODECS } from './media-codecs.ts';
export { DEFAULT_CONSUMERS_PER_ROUTER, type MediaConfig, type MediaLogger } from './media-config.ts';
export { RoomRouter, type RoomRouterRole, type RoomTransportOptions } from './room-router.ts';
export { StreamRoom } from './stream-room.ts';
export { FfmpegMissingError, startTestPattern, type TestPatternSource } from './test-pattern-source.ts';
export { WorkerPool, type WorkerPoolHealth, type WorkerReplacedEvent, type WorkerSlot } from './worker-pool.ts';

export type MediaHealth = WorkerPoolHealth & { rooms: number };

export interface Media {
  readonly pool: WorkerPool;
  /** Returns the stream's room, creating its origin Router on the least-loaded worker the first time. */
  getOrCreateRoom(streamId: string): Promise<StreamRoom>;
  /** Returns the stream's open room, if any. */
  getRoom(streamId: string): StreamRoom | undefined;
  /** Calls `listener` with every room created from now on. */
  onRoomCreated(listener: (room: StreamRoom) => void): void;
  /** Closes the stream's room; returns false when none was open. */
  closeRoom(streamId: string): boolean;
  /** Reports the workers and the number of open rooms. */
  health(): MediaHealth;
  /** Closes every room and worker; idempotent. */
  close(): void;
}

/** Starts the worker pool and returns the room registry on top of it. */
export async function createMedia(config: MediaConfig, log: MediaLogger = silentLogger): Promise<Media> {
  const pool = await WorkerPool.start(config, log);
  const rooms = new Map<string, StreamRoom>();
  // One creation in flight per stream, so concurrent joins never create two routers.
  const creating = new Map<string, Promise<StreamRoom>>();
  const roomListeners: ((room: StreamRoom) => void)[] = [];

  async function createRoom(streamId: string): Promise<StreamRoom> {
    const room = await StreamRoom.create({
      streamId,
      slot: pool.pickLeastLoaded(),
      pool,
      consumersPerRouter: config.consumersPerRouter,
      ...(config.edgeIdleCloseMs === undefined ? {} : { edgeIdleCloseMs: config.edgeIdleCloseMs }),
      log,
    });
    if (pool.closed) {
      room.close();
      throw new Error('media: closed while creating a room');
    }
    rooms.set(streamId, room);
    room.once('close', () => {
      if (rooms.get(streamId) === room) rooms.delete(streamId);
      log.info({ streamId, pid: room.workerPid }, 'stream room closed');
    });
    log.info({ streamId, pid: room.workerPid }, 'stream room created');
    for (const listener of roomListeners) listener(room);
    return room;
  }

  return {
    pool,
    getOrCreateRoom(streamId) {
      const room = rooms.get(streamId);
      if (room) return Promise.resolve(room);
      let pending = creating.get(streamId);
      if (!pending) {
        pending = createRoom(streamId).finally(() => creating.delete(streamId));
        creating.set(streamId, pending);
      }
      return pending;
    },
    getRoom: (streamId) => rooms.get(streamId),
    onRoomCreated: (listener) => void roomListeners.push(listener),
    closeRoom(streamId) {
      const room = rooms.get(streamId);
      room?.close();
      return room !== undefined;
    },
    health: () => ({ ...pool.health(), rooms: rooms.size }),
    close() {
      for (const room of [...rooms.values()]) room.close();
      pool.close();
    },
  };
}
