import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { WorkerSlot } from './worker-pool.ts';

/** Opus for audio; VP8 and constrained-baseline H264, which every browser can decode. */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

export type StreamRoomEvents = {
  close: [];
};

export interface StreamRoomTransportOptions {
  appData?: types.AppData;
  initialAvailableOutgoingBitrate?: number;
}

/** The media side of one live stream: a Router on one worker, shared by the KOL and the viewers. */
export class StreamRoom extends EventEmitter<StreamRoomEvents> {
  readonly streamId: string;
  readonly router: types.Router;
  readonly slotIndex: number;
  readonly workerPid: number;
  readonly #webRtcServer: types.WebRtcServer;
  #closed = false;

  /** Creates the stream's Router on the given worker slot. */
  static async create({ streamId, slot }: { streamId: string; slot: WorkerSlot }): Promise<StreamRoom> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { streamId } });
    return new StreamRoom({ streamId, slot, router });
  }

  constructor({ streamId, slot, router }: { streamId: string; slot: WorkerSlot; router: types.Router }) {
    super();
    this.streamId = streamId;
    this.router = router;
    this.slotIndex = slot.index;
    this.workerPid = slot.worker.pid;
    this.#webRtcServer = slot.webRtcServer;
    // The router also closes when its worker dies; the room follows, so it is rebuilt on a live worker.
    router.observer.once('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Creates a WebRtcTransport on the worker's WebRtcServer (one UDP and one TCP port for all). */
  createWebRtcTransport(options: StreamRoomTransportOptions = {}): Promise<types.WebRtcTransport> {
    return this.router.createWebRtcTransport({
      webRtcServer: this.#webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      ...options,
    });
  }

  /** Closes the Router with all its transports and emits `close`; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.router.close();
    this.emit('close');
  }
}
