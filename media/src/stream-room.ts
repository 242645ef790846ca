import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { DEFAULT_CONSUMERS_PER_ROUTER, DEFAULT_EDGE_IDLE_CLOSE_MS, type MediaLogger, silentLogger } from './media-config.ts';
import { RoomRouter, type RoomTransportOptions } from './room-router.ts';
import type { WorkerPool, WorkerSlot } from './worker-pool.ts';

export type StreamRoomEvents = {
  close: [];
  /** A producer on the origin (the KOL's track, or a plain RTP source) started. */
  newproducer: [types.Producer];
  /** One of the origin's producers closed. */
  producerclose: [types.Producer];
};

export interface StreamRoomOptions {
  streamId: string;
  /** The worker of the origin router, where the KOL publishes. */
  slot: WorkerSlot;
  /** Where edge routers are placed once the routers in use are full. */
  pool: WorkerPool;
  consumersPerRouter?: number;
  /** An edge router without viewers for this long closes, with its pipe transports. */
  edgeIdleCloseMs?: number;
  log?: MediaLogger;
}

/**
 * The media side of one live stream. The KOL publishes on the origin Router; each viewer goes to
 * the router with the fewest consumers that still has room under `consumersPerRouter`. When all
 * are full, a new edge Router on another worker is fed every producer through pipeToRouter, so
 * one stream can use every core. An edge left without viewers closes after `edgeIdleCloseMs`.
 */
export class StreamRoom extends EventEmitter<StreamRoomEvents> {
  readonly streamId: string;
  /** The origin Router: the KOL's producers live here. */
  readonly router: types.Router;
  readonly slotIndex: number;
  readonly workerPid: number;
  readonly #origin: RoomRouter;
  readonly #edges = new Set<RoomRouter>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #pool: WorkerPool;
  readonly #consumersPerRouter: number;
  readonly #edgeIdleCloseMs: number;
  /** Edges without viewers, and the timer that closes each one. */
  readonly #idleEdges = new Map<RoomRouter, NodeJS.Timeout>();
  readonly #log: MediaLogger;
  /** One edge is created at a time, so a burst of viewers does not start one per worker. */
  #addingEdge: Promise<RoomRouter | undefined> | undefined;
  #hasWarnedFull = false;
  #closed = false;

  /** Creates the stream's origin Router on the given worker slot. */
  static async create(options: StreamRoomOptions): Promise<StreamRoom> {
    const origin = await RoomRouter.create({ streamId: options.streamId, slot: options.slot, role: 'origin' });
    return new StreamRoom(options, origin);
  }

  constructor(options: StreamRoomOptions, origin: RoomRouter) {
    super();
    this.streamId = options.streamId;
    this.router = origin.router;
    this.slotIndex = origin.slotIndex;
    this.workerPid = origin.workerPid;
    this.#origin = origin;
    this.#pool = options.pool;
    this.#consumersPerRouter = options.consumersPerRouter ?? DEFAULT_CONSUMERS_PER_ROUTER;
    this.#edgeIdleCloseMs = options.edgeIdleCloseMs ?? DEFAULT_EDGE_IDLE_CLOSE_MS;
    this.#log = options.log ?? silentLogger;
    // The router also closes when its worker dies; the room follows, so it is rebuilt on a live worker.
    origin.router.observer.once('close', () => this.close());
    origin.router.observer.on('newtransport', (transport) =>
      transport.observer.on('newproducer', (producer) => this.#onNewProducer(producer)),
    );
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The origin first, then the edges that are open. */
  get routers(): readonly RoomRouter[] {
    return [this.#origin, ...this.#edges];
  }

  /** The producers on the origin, whoever feeds them. */
  get producers(): Iterable<types.Producer> {
    return this.#producers.values();
  }

  get producerCount(): number {
    return this.#producers.size;
  }

  /** Creates the KOL's transport, on the origin. */
  createPublisherTransport(options: RoomTransportOptions = {}): Promise<types.WebRtcTransport> {
    return this.#origin.createTransport(options);
  }

  /**
   * Creates a viewer's transport on the router with the fewest consumers that has room for one
   * more viewer, on a new edge router when none has, or on the least loaded router when no
   * other worker is available.
   */
  async createViewerTransport(options: RoomTransportOptions = {}): Promise<types.WebRtcTransport> {
    for (;;) {
      // Picking and reserving happen in one synchronous step, so concurrent viewers never pick the same last place.
      const withRoom = this.#pickRouter({ withRoomOnly: true });
      if (withRoom) return withRoom.createViewerTransport(options);
      const edge = await this.#addEdge();
      if (!edge) return this.#overflow().createViewerTransport(options);
    }
  }

  /** Consumes a producer on a viewer transport, piping it to the transport's router first when that is an edge. */
  async consume(transport: types.WebRtcTransport, options: types.ConsumerOptions): Promise<types.Consumer> {
    const edge = [...this.#edges].find((candidate) => candidate.hasViewerTransport(transport));
    if (edge) await edge.pipeFrom(this.router, options.producerId);
    return transport.consume(options);
  }

  /** Closes the edges and the origin with all their transports and emits `close`; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#idleEdges.values()) clearTimeout(timer);
    this.#idleEdges.clear();
    for (const edge of this.#edges) edge.router.close();
    this.#edges.clear();
    this.router.close();
    this.emit('close');
  }

  /** A viewer expects one consumer per producer; one that arrives before the KOL publishes counts as one. */
  get #consumersPerViewer(): number {
    return Math.max(1, this.#producers.size);
  }

  #pickRouter({ withRoomOnly }: { withRoomOnly: boolean }): RoomRouter | undefined {
    const perViewer = this.#consumersPerViewer;
    let best: RoomRouter | undefined;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const candidate of this.routers) {
      if (candidate.closed) continue;
      const load = candidate.load(perViewer);
      // An empty router always takes a viewer, even one with more tracks than the threshold.
      const hasRoom = load === 0 || load + perViewer <= this.#consumersPerRouter;
      if ((hasRoom || !withRoomOnly) && load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return best;
  }

  #overflow(): RoomRouter {
    if (!this.#hasWarnedFull) {
      this.#hasWarnedFull = true;
      this.#log.warn(
        { streamId: this.streamId, routers: this.routers.length, consumersPerRouter: this.#consumersPerRouter },
        'every worker serves this stream at its threshold; placing viewers above it',
      );
    }
    return this.#pickRouter({ withRoomOnly: false }) ?? this.#origin;
  }

  #addEdge(): Promise<RoomRouter | undefined> {
    this.#addingEdge ??= this.#createEdge().finally(() => {
      this.#addingEdge = undefined;
    });
    return this.#addingEdge;
  }

  async #createEdge(): Promise<RoomRouter | undefined> {
    if (this.#closed) return undefined;
    const usedSlots = new Set(this.routers.filter((r) => !r.closed).map((r) => r.slotIndex));
    let slot: WorkerSlot;
    try {
      slot = this.#pool.pickLeastLoaded({ excluding: usedSlots });
    } catch {
      return undefined;
    }
    let edge: RoomRouter;
    try {
      edge = await RoomRouter.create({ streamId: this.streamId, slot, role: 'edge' });
    } catch (error) {
      this.#log.error({ err: error, streamId: this.streamId, slot: slot.index }, 'could not create a stream edge router');
      return undefined;
    }
    if (this.#closed) {
      edge.router.close();
      return undefined;
    }
    this.#edges.add(edge);
    // An edge closes with the room, alone when its worker dies (its viewers then start over
    // elsewhere), or when it has had no viewer for a while.
    edge.router.observer.once('close', () => {
      this.#edges.delete(edge);
      clearTimeout(this.#idleEdges.get(edge));
      this.#idleEdges.delete(edge);
    });
    edge.on('empty', () => this.#closeWhenIdle(edge));
    this.#log.info({ streamId: this.streamId, slot: edge.slotIndex, pid: edge.workerPid }, 'stream edge router created');
    await Promise.all([...this.#producers.values()].map((producer) => this.#pipe(producer, edge)));
    return edge;
  }

  /** Closes the edge once it has stayed without viewers for `edgeIdleCloseMs`; a viewer placed meanwhile keeps it. */
  #closeWhenIdle(edge: RoomRouter): void {
    clearTimeout(this.#idleEdges.get(edge));
    const timer = setTimeout(() => {
      this.#idleEdges.delete(edge);
      if (!edge.isEmpty || edge.closed) return;
      this.#log.info({ streamId: this.streamId, slot: edge.slotIndex }, 'stream edge router closed: no viewers left');
      edge.router.close();
    }, this.#edgeIdleCloseMs);
    timer.unref();
    this.#idleEdges.set(edge, timer);
  }

  #onNewProducer(producer: types.Producer): void {
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.emit('producerclose', producer);
    });
    this.emit('newproducer', producer);
    for (const edge of this.#edges) void this.#pipe(producer, edge);
  }

  /** Pipes eagerly so viewers do not wait for it; consume() awaits the same pipe if it is still under way. */
  async #pipe(producer: types.Producer, edge: RoomRouter): Promise<void> {
    try {
      await edge.pipeFrom(this.router, producer.id);
    } catch (error) {
      // A producer or edge that closes meanwhile has nothing left to pipe.
      if (producer.closed || edge.closed || this.#closed) return;
      this.#log.error({ err: error, streamId: this.streamId, producerId: producer.id, slot: edge.slotIndex }, 'could not pipe a producer');
    }
  }
}
