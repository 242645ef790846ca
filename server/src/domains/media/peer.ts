import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { StreamRoom } from '../../../../media/src/index.ts';

export type TransportDirection = 'send' | 'recv';

export type MediaPeerEvents = {
  close: [];
  producerclose: [types.Producer];
  /** The transport closed with an edge router whose worker died; the room itself lives on. */
  transportlost: [TransportDirection];
};

/**
 * One socket's media in one stream: at most one transport per direction, the producers (the
 * KOL's camera and microphone) and consumers on them. Everything closes with the peer, and the
 * peer closes with its room (stream ended, worker died).
 */
export class MediaPeer extends EventEmitter<MediaPeerEvents> {
  readonly socketId: string;
  readonly streamId: string;
  readonly room: StreamRoom;
  readonly #transports = new Map<TransportDirection, types.WebRtcTransport>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  #closed = false;

  constructor({ socketId, room }: { socketId: string; room: StreamRoom }) {
    super();
    this.socketId = socketId;
    this.streamId = room.streamId;
    this.room = room;
    room.once('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  get producers(): Iterable<types.Producer> {
    return this.#producers.values();
  }

  /** Opens this peer's transport for `direction`, closing the one it replaces (a client that reconnects). */
  async openTransport(direction: TransportDirection): Promise<types.WebRtcTransport> {
    const options = {
      appData: { streamId: this.streamId, socketId: this.socketId, direction },
      // A start estimate close to what one 720p simulcast stream needs, so video starts sharp.
      initialAvailableOutgoingBitrate: 1_000_000,
    };
    const transport = await (direction === 'send' ? this.room.createPublisherTransport(options) : this.room.createViewerTransport(options));
    if (this.#closed) {
      transport.close();
      throw new Error('media peer closed while its transport was being created');
    }
    this.#transports.get(direction)?.close();
    this.#transports.set(direction, transport);
    transport.observer.once('close', () => {
      if (this.#transports.get(direction) === transport) this.#transports.delete(direction);
    });
    transport.once('routerclose', () => {
      // The origin closing closes the whole room (and this peer) right after; only an edge's loss is this peer's alone.
      if (!this.#closed && !this.room.closed && !this.room.router.closed) this.emit('transportlost', direction);
    });
    return transport;
  }

  /** The transport with this id, and which way it carries media. */
  findTransport(transportId: string): { transport: types.WebRtcTransport; direction: TransportDirection } | undefined {
    for (const [direction, transport] of this.#transports) {
      if (transport.id === transportId) return { transport, direction };
    }
    return undefined;
  }

  findConsumer(consumerId: string): types.Consumer | undefined {
    return this.#consumers.get(consumerId);
  }

  /** Keeps a new producer; one of the same kind that it replaces (a republished track) is closed. */
  addProducer(producer: types.Producer): void {
    for (const existing of this.#producers.values()) {
      if (existing.kind === producer.kind) existing.close();
    }
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.emit('producerclose', producer);
    });
  }

  addConsumer(consumer: types.Consumer): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
  }

  /** Ids of the producers this peer already consumes on `transport`. */
  consumedProducerIds(transport: types.WebRtcTransport): Set<string> {
    const ids = new Set<string>();
    for (const consumer of this.#consumers.values()) {
      if (consumer.appData.transportId === transport.id) ids.add(consumer.producerId);
    }
    return ids;
  }

  /** Closes every transport (and with them the producers and consumers); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of [...this.#transports.values()]) transport.close();
    this.#transports.clear();
    this.emit('close');
  }
}
