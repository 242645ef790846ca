import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from './media-codecs.ts';
import type { WorkerSlot } from './worker-pool.ts';

export interface RoomTransportOptions {
  appData?: types.AppData;
  initialAvailableOutgoingBitrate?: number;
}

/** `origin` holds the KOL's producers; an `edge` serves viewers from producers piped from the origin. */
export type RoomRouterRole = 'origin' | 'edge';

export type RoomRouterEvents = {
  /** The last viewer transport closed (and none is being created). */
  empty: [];
};

/** One Router of a stream room on one worker, and the viewers placed on it. */
export class RoomRouter extends EventEmitter<RoomRouterEvents> {
  readonly role: RoomRouterRole;
  readonly router: types.Router;
  readonly slotIndex: number;
  readonly workerPid: number;
  readonly #webRtcServer: types.WebRtcServer;
  /** Consumers on each viewer transport. */
  readonly #viewers = new Map<types.WebRtcTransport, number>();
  /** Viewer transports being created: they count before they exist, so bursts spread out. */
  #pendingViewers = 0;
  /** Origin producers piped into this router (edges only), by producer id. */
  readonly #piped = new Map<string, Promise<void>>();

  /** Creates a Router with the room's codecs on the given worker slot. */
  static async create({ streamId, slot, role }: { streamId: string; slot: WorkerSlot; role: RoomRouterRole }): Promise<RoomRouter> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { streamId, role } });
    return new RoomRouter({ slot, router, role });
  }

  constructor({ slot, router, role }: { slot: WorkerSlot; router: types.Router; role: RoomRouterRole }) {
    super();
    this.role = role;
    this.router = router;
    this.slotIndex = slot.index;
    this.workerPid = slot.worker.pid;
    this.#webRtcServer = slot.webRtcServer;
  }

  get closed(): boolean {
    return this.router.closed;
  }

  /** Viewer transports open on this router. */
  get viewerCount(): number {
    return this.#viewers.size;
  }

  /** Creates a WebRtcTransport on the worker's WebRtcServer (one UDP and one TCP port for all). */
  createTransport(options: RoomTransportOptions = {}): Promise<types.WebRtcTransport> {
    return this.router.createWebRtcTransport({
      webRtcServer: this.#webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      ...options,
    });
  }

  /** Creates a viewer's transport and counts its consumers towards this router's load. */
  async createViewerTransport(options: RoomTransportOptions = {}): Promise<types.WebRtcTransport> {
    this.#pendingViewers++;
    let transport: types.WebRtcTransport;
    try {
      transport = await this.createTransport(options);
    } finally {
      this.#pendingViewers--;
    }
    this.#viewers.set(transport, 0);
    const add = (delta: number) => {
      const consumers = this.#viewers.get(transport);
      if (consumers !== undefined) this.#viewers.set(transport, consumers + delta);
    };
    transport.observer.on('newconsumer', (consumer) => {
      add(1);
      consumer.observer.once('close', () => add(-1));
    });
    transport.observer.once('close', () => {
      this.#viewers.delete(transport);
      if (this.isEmpty) this.emit('empty');
    });
    return transport;
  }

  /** No viewer transport is open or being created here. */
  get isEmpty(): boolean {
    return this.#viewers.size === 0 && this.#pendingViewers === 0;
  }

  /** Whether the viewer transport was placed on this router and is still open. */
  hasViewerTransport(transport: types.WebRtcTransport): boolean {
    return this.#viewers.has(transport);
  }

  /**
   * The consumers placed here, counting a viewer that consumes fewer than `consumersPerViewer`
   * tracks (it has just arrived, or consumes the next track soon) as `consumersPerViewer`.
   */
  load(consumersPerViewer: number): number {
    let load = this.#pendingViewers * consumersPerViewer;
    for (const consumers of this.#viewers.values()) load += Math.max(consumers, consumersPerViewer);
    return load;
  }

  /** Makes an origin producer consumable here: pipeToRouter once per producer, shared by every caller. */
  pipeFrom(origin: types.Router, producerId: string): Promise<void> {
    let piping = this.#piped.get(producerId);
    if (!piping) {
      // SCTP carries DataChannels, which rooms do not use.
      piping = origin.pipeToRouter({ producerId, router: this.router, enableSctp: false }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => this.#piped.delete(producerId));
      });
      this.#piped.set(producerId, piping);
      piping.catch(() => {
        if (this.#piped.get(producerId) === piping) this.#piped.delete(producerId);
      });
    }
    return piping;
  }
}
