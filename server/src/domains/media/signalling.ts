import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { errors as mediasoupErrors } from 'mediasoup';
import type { RtpCapabilities } from 'mediasoup-client/types';
import type { Media, StreamRoom, WorkerReplacedEvent } from '../../../../media/src/index.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeBus, RoomEvent } from '../../realtime/bus.ts';
import { type MediaConsumerParams, type MediaTransportParams, rooms } from '../../realtime/contract.ts';
import type { StreamRow, StreamService } from '../streams/service.ts';
import { MediaPeer, type TransportDirection } from './peer.ts';

/** Who is asking: the socket, its verified user (if any) and the streams it joined. */
export interface MediaCaller {
  socketId: string;
  userId: string | undefined;
  joinedStreams: ReadonlySet<string>;
}

/**
 * The rules of the media plane: who may publish and watch, one peer per socket and stream, and
 * cleanup. Rooms close when their last peer leaves or their stream ends; rooms lost with a dead
 * worker announce `media:restart` once the worker is replaced, and viewers whose edge router died
 * get `media:restart` at once (the room lives on). No Socket.IO types here.
 */
export class MediaSignalling {
  readonly #media: Media;
  readonly #streams: StreamService;
  readonly #bus: RealtimeBus;
  readonly #log: FastifyBaseLogger;
  readonly #peersBySocket = new Map<string, Map<string, MediaPeer>>();
  readonly #peersByStream = new Map<string, Set<MediaPeer>>();
  readonly #watchedRooms = new WeakSet<StreamRoom>();
  readonly #plannedCloses = new WeakSet<StreamRoom>();
  /** Streams whose room died with its worker, by worker slot, waiting for the replacement. */
  readonly #awaitingRestart = new Map<string, number>();

  constructor(deps: { media: Media; streams: StreamService; bus: RealtimeBus; log: FastifyBaseLogger }) {
    this.#media = deps.media;
    this.#streams = deps.streams;
    this.#bus = deps.bus;
    this.#log = deps.log;
    deps.media.pool.on('workerreplaced', (event) => this.#onWorkerReplaced(event));
    // Every producer of a room, the KOL's or a plain RTP source's (the demo's test pattern), is announced.
    deps.media.onRoomCreated((room) => {
      const announce = (event: 'media:producer-added' | 'media:producer-closed') => (producer: types.Producer) =>
        this.#publish({
          room: rooms.stream(room.streamId),
          event,
          payload: { streamId: room.streamId, producerId: producer.id, kind: producer.kind },
        });
      room.on('newproducer', announce('media:producer-added'));
      room.on('producerclose', announce('media:producer-closed'));
    });
  }

  /** The router's RTP capabilities; opens the caller's peer. Throws NOT_FOUND, FORBIDDEN. */
  async capabilities(caller: MediaCaller, streamId: string): Promise<RtpCapabilities> {
    const stream = await this.#openStream(streamId);
    if (!caller.joinedStreams.has(streamId) && caller.userId !== stream.kolId) {
      throw new AppError('FORBIDDEN', 'Join the stream first');
    }
    const peer = await this.#peerFor(caller.socketId, streamId);
    return peer.room.router.rtpCapabilities as RtpCapabilities;
  }

  /** A WebRTC transport: `send` for the stream's KOL only, `recv` for sockets that joined. Throws NOT_FOUND, FORBIDDEN. */
  async openTransport(caller: MediaCaller, streamId: string, direction: TransportDirection): Promise<MediaTransportParams> {
    const stream = await this.#openStream(streamId);
    if (direction === 'send' && caller.userId !== stream.kolId) {
      throw new AppError('FORBIDDEN', "Only the stream's KOL may publish");
    }
    if (direction === 'recv' && !caller.joinedStreams.has(streamId)) {
      throw new AppError('FORBIDDEN', 'Join the stream first');
    }
    const peer = await this.#peerFor(caller.socketId, streamId);
    const transport = await peer.openTransport(direction);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters as MediaTransportParams['dtlsParameters'],
    };
  }

  /** Completes DTLS on one of the caller's transports. Throws NOT_FOUND, VALIDATION_FAILED. */
  async connect(caller: MediaCaller, transportId: string, dtlsParameters: unknown): Promise<void> {
    const { transport } = this.#transport(caller, transportId);
    await asValidation(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  /** Publishes a track; the stream must be live and the caller its KOL. Throws NOT_FOUND, FORBIDDEN, STREAM_NOT_LIVE, VALIDATION_FAILED. */
  async produce(caller: MediaCaller, transportId: string, kind: types.MediaKind, rtpParameters: unknown): Promise<string> {
    const { peer, transport, direction } = this.#transport(caller, transportId);
    if (direction !== 'send') throw new AppError('FORBIDDEN', 'Publish on a send transport');
    const stream = await this.#streams.getStreamRow(peer.streamId);
    if (caller.userId !== stream.kolId) throw new AppError('FORBIDDEN', "Only the stream's KOL may publish");
    if (stream.status !== 'live') throw new AppError('STREAM_NOT_LIVE', 'Go live before publishing');
    const producer = await asValidation(() =>
      transport.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters, appData: { streamId: peer.streamId } }),
    );
    if (peer.closed) {
      producer.close();
      throw new AppError('NOT_FOUND', 'The transport closed');
    }
    peer.addProducer(producer);
    return producer.id;
  }

  /**
   * Consumers on a recv transport for every producer of the stream the caller does not consume
   * yet. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED.
   */
  async consume(caller: MediaCaller, transportId: string, rtpCapabilities: unknown): Promise<MediaConsumerParams[]> {
    const { peer, transport, direction } = this.#transport(caller, transportId);
    if (direction !== 'recv') throw new AppError('FORBIDDEN', 'Consume on a recv transport');
    const capabilities = rtpCapabilities as types.RtpCapabilities;
    const consumed = peer.consumedProducerIds(transport);
    const created: MediaConsumerParams[] = [];
    for (const producer of [...peer.room.producers]) {
      if (consumed.has(producer.id) || producer.closed) continue;
      if (!peer.room.router.canConsume({ producerId: producer.id, rtpCapabilities: capabilities })) continue;
      // Paused until the client has attached the track (media:resume), so the first packets
      // are not lost and the video starts on the key frame mediasoup asks for on resume.
      let consumer: types.Consumer;
      try {
        consumer = await asValidation(() =>
          peer.room.consume(transport, { producerId: producer.id, rtpCapabilities: capabilities, paused: true, appData: { transportId } }),
        );
      } catch (error) {
        // The KOL replaced the track while it was being piped to this viewer's router.
        if (producer.closed) continue;
        throw error;
      }
      if (peer.closed) {
        consumer.close();
        break;
      }
      peer.addConsumer(consumer);
      created.push({
        id: consumer.id,
        producerId: producer.id,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters as MediaConsumerParams['rtpParameters'],
        type: consumer.type,
      });
    }
    return created;
  }

  /** Resumes one of the caller's consumers. Throws NOT_FOUND. */
  async resume(caller: MediaCaller, consumerId: string): Promise<void> {
    await this.#consumer(caller, consumerId).resume();
  }

  /** Sets the preferred simulcast layers of one of the caller's consumers. Throws NOT_FOUND. */
  async setLayers(caller: MediaCaller, consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    const consumer = this.#consumer(caller, consumerId);
    await consumer.setPreferredLayers(temporalLayer === undefined ? { spatialLayer } : { spatialLayer, temporalLayer });
  }

  /** Closes the caller's media in one stream (stream:leave). */
  leave(socketId: string, streamId: string): void {
    this.#peersBySocket.get(socketId)?.get(streamId)?.close();
  }

  /** Closes all of a socket's media (disconnect). */
  leaveAll(socketId: string): void {
    for (const peer of [...(this.#peersBySocket.get(socketId)?.values() ?? [])]) peer.close();
  }

  /** Closes the stream's room and every peer in it (the stream ended). */
  endStream(streamId: string): void {
    this.#awaitingRestart.delete(streamId);
    const room = this.#media.getRoom(streamId);
    if (!room) return;
    this.#plannedCloses.add(room);
    room.close();
  }

  /** Open peers, for tests and diagnostics. */
  peerCount(): number {
    let count = 0;
    for (const peers of this.#peersByStream.values()) count += peers.size;
    return count;
  }

  async #openStream(streamId: string): Promise<StreamRow> {
    const stream = await this.#streams.getStreamRow(streamId);
    if (stream.status === 'ended') throw new AppError('STREAM_NOT_LIVE', 'The stream has ended');
    return stream;
  }

  async #peerFor(socketId: string, streamId: string): Promise<MediaPeer> {
    const existing = this.#peersBySocket.get(socketId)?.get(streamId);
    if (existing) return existing;
    let room = await this.#media.getOrCreateRoom(streamId);
    // The last peer may have closed the room while this call waited for it.
    if (room.closed) room = await this.#media.getOrCreateRoom(streamId);
    const raced = this.#peersBySocket.get(socketId)?.get(streamId);
    if (raced) return raced;

    this.#watchRoom(room);
    const peer = new MediaPeer({ socketId, room });
    getOrInsert(this.#peersBySocket, socketId, () => new Map<string, MediaPeer>()).set(streamId, peer);
    getOrInsert(this.#peersByStream, streamId, () => new Set<MediaPeer>()).add(peer);

    peer.on('transportlost', (direction) => {
      this.#log.warn({ streamId, socketId, direction }, 'media transport lost with an edge worker; the viewer starts over');
      // Socket.IO puts every socket in a room named after its id: only this viewer restarts.
      this.#publish({ room: socketId, event: 'media:restart', payload: { streamId } });
    });
    peer.once('close', () => this.#forget(peer));
    return peer;
  }

  #forget(peer: MediaPeer): void {
    const ofSocket = this.#peersBySocket.get(peer.socketId);
    if (ofSocket?.get(peer.streamId) === peer) ofSocket.delete(peer.streamId);
    if (ofSocket?.size === 0) this.#peersBySocket.delete(peer.socketId);
    const ofStream = this.#peersByStream.get(peer.streamId);
    ofStream?.delete(peer);
    if (ofStream?.size === 0) this.#peersByStream.delete(peer.streamId);
    // A room nobody uses any more is closed, so abandoned streams keep no router; one a plain RTP
    // source still feeds (the demo's test pattern) stays open.
    const room = peer.room;
    if (!room.closed && room.producerCount === 0 && ![...(ofStream ?? [])].some((other) => other.room === room)) {
      this.#plannedCloses.add(room);
      room.close();
    }
  }

  #watchRoom(room: StreamRoom): void {
    if (this.#watchedRooms.has(room)) return;
    this.#watchedRooms.add(room);
    room.once('close', () => {
      const worker = this.#media.pool.slots[room.slotIndex]?.worker;
      const diedWithWorker = worker?.pid === room.workerPid && worker.died;
      if (this.#plannedCloses.has(room) || !diedWithWorker) return;
      this.#log.warn({ streamId: room.streamId, slot: room.slotIndex }, 'stream room lost with its worker; restart follows');
      this.#awaitingRestart.set(room.streamId, room.slotIndex);
    });
  }

  #onWorkerReplaced({ index }: WorkerReplacedEvent): void {
    for (const [streamId, slot] of [...this.#awaitingRestart]) {
      if (slot !== index) continue;
      this.#awaitingRestart.delete(streamId);
      this.#publish({ room: rooms.stream(streamId), event: 'media:restart', payload: { streamId } });
    }
  }

  #transport(caller: MediaCaller, transportId: string) {
    for (const peer of this.#peersBySocket.get(caller.socketId)?.values() ?? []) {
      const found = peer.findTransport(transportId);
      if (found) return { peer, ...found };
    }
    throw new AppError('NOT_FOUND', 'No such transport on this connection');
  }

  #consumer(caller: MediaCaller, consumerId: string): types.Consumer {
    for (const peer of this.#peersBySocket.get(caller.socketId)?.values() ?? []) {
      const consumer = peer.findConsumer(consumerId);
      if (consumer) return consumer;
    }
    throw new AppError('NOT_FOUND', 'No such consumer on this connection');
  }

  #publish(event: RoomEvent): void {
    this.#bus.publish(event).catch((error: unknown) => this.#log.warn({ err: error, event: event.event }, 'media push failed'));
  }
}

function getOrInsert<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** Runs a mediasoup call; parameters it rejects become VALIDATION_FAILED instead of INTERNAL. */
async function asValidation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TypeError || error instanceof mediasoupErrors.UnsupportedError) {
      throw new AppError('VALIDATION_FAILED', error.message);
    }
    throw error;
  }
}
