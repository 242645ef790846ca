import type { Consumer } from 'mediasoup-client/types';
import type { MediaProducerPayload } from '../../../server/src/realtime/contract.ts';
import { type MediaTransport, openMediaTransport } from './media-transport.ts';
import { rtpTotals } from './rtp-stats.ts';
import { backoffMs, SerialQueue } from './serial-queue.ts';
import { type LiveSocket, request } from './socket.ts';

/**
 * `waiting`: connected, the host is not publishing yet. `reconnecting`: video was playing and is
 * being restored (host dropped, media server restarted, network).
 */
export type PlaybackState = 'stopped' | 'connecting' | 'waiting' | 'playing' | 'reconnecting';

/** `auto` lets mediasoup pick the best layer the link carries; 0–2 caps it (low, medium, high). */
export type Quality = 'auto' | 0 | 1 | 2;

export interface PlaybackStats {
  state: PlaybackState;
  consumerId: string | undefined;
  framesDecoded: number;
  bytesReceived: number;
  videoWidth: number;
  videoHeight: number;
  /** Why the last set-up attempt failed, while it is being retried. */
  lastError: string | undefined;
}

interface Session extends MediaTransport {
  consumers: Map<string, Consumer>;
}

const HIGHEST_LAYER = 2;

/**
 * Plays one stream's media in a <video>: consumes every producer of the stream and follows
 * producers coming and going, `media:restart`, and transport failures, retrying with backoff.
 */
export class StreamSubscriber {
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #video: HTMLVideoElement;
  readonly #onChange: (state: PlaybackState) => void;
  readonly #queue = new SerialQueue();
  #session: Session | undefined;
  #state: PlaybackState = 'stopped';
  #generation = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #hadVideo = false;
  #quality: Quality = 'auto';
  #listening = false;
  #lastError: string | undefined;

  constructor(options: { socket: LiveSocket; streamId: string; video: HTMLVideoElement; onChange: (state: PlaybackState) => void }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#video = options.video;
    this.#onChange = options.onChange;
  }

  get state(): PlaybackState {
    return this.#state;
  }

  /** Whether the video arrives in simulcast layers, so a quality can be picked. */
  get canPickQuality(): boolean {
    return this.#videoConsumer()?.appData.type === 'simulcast';
  }

  /** Starts playing, or starts over when already playing (after a reconnect). */
  start(): void {
    if (!this.#listening) {
      this.#listening = true;
      this.#socket.on('media:producer-added', this.#onProducerAdded);
      this.#socket.on('media:producer-closed', this.#onProducerClosed);
      this.#socket.on('media:restart', this.#onRestart);
    }
    this.#begin(this.#hadVideo ? 'reconnecting' : 'connecting');
  }

  /** Stops and releases everything (stream ended, page left). */
  stop(): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#closeSession();
    this.#video.srcObject = null;
    if (this.#listening) {
      this.#listening = false;
      this.#socket.off('media:producer-added', this.#onProducerAdded);
      this.#socket.off('media:producer-closed', this.#onProducerClosed);
      this.#socket.off('media:restart', this.#onRestart);
    }
    this.#setState('stopped');
  }

  /** Caps the video at a simulcast layer, or lets mediasoup choose (`auto`). */
  async setQuality(quality: Quality): Promise<void> {
    this.#quality = quality;
    const consumer = this.#videoConsumer();
    if (consumer?.appData.type === 'simulcast') await this.#applyQuality(consumer);
  }

  /** What the video consumer has received and decoded so far. */
  async stats(): Promise<PlaybackStats> {
    const consumer = this.#videoConsumer();
    const totals = consumer ? rtpTotals(await consumer.getStats(), 'inbound-rtp') : undefined;
    return {
      state: this.#state,
      consumerId: consumer?.id,
      framesDecoded: totals?.frames ?? 0,
      bytesReceived: totals?.bytes ?? 0,
      videoWidth: this.#video.videoWidth,
      videoHeight: this.#video.videoHeight,
      lastError: this.#lastError,
    };
  }

  #begin(state: PlaybackState): void {
    const generation = ++this.#generation;
    clearTimeout(this.#retryTimer);
    this.#closeSession();
    this.#setState(state);
    this.#queue.run(() => this.#connect(generation)).catch((error: unknown) => this.#retryLater(generation, error));
  }

  async #connect(generation: number): Promise<void> {
    const opened = await openMediaTransport(this.#socket, this.#streamId, 'recv');
    if (generation !== this.#generation) {
      opened.transport.close();
      return;
    }
    this.#session = { ...opened, consumers: new Map() };
    opened.transport.on('connectionstatechange', (connection) => {
      if (connection === 'failed' && generation === this.#generation) this.#begin('reconnecting');
    });
    await this.#consumeNew(generation);
    this.#attempt = 0;
    this.#lastError = undefined;
  }

  async #consumeNew(generation: number): Promise<void> {
    const session = this.#session;
    if (!session || generation !== this.#generation) return;
    const { consumers } = await request(this.#socket, 'media:consume', {
      transportId: session.transport.id,
      rtpCapabilities: session.device.rtpCapabilities,
    });
    for (const params of consumers) {
      if (generation !== this.#generation) return;
      const consumer = await session.transport.consume({ ...params, appData: { type: params.type } });
      session.consumers.set(params.producerId, consumer);
      this.#attachTracks();
      await request(this.#socket, 'media:resume', { consumerId: consumer.id });
      if (consumer.kind === 'video' && params.type === 'simulcast' && this.#quality !== 'auto') await this.#applyQuality(consumer);
    }
    this.#settleState();
  }

  async #applyQuality(consumer: Consumer): Promise<void> {
    const spatialLayer = this.#quality === 'auto' ? HIGHEST_LAYER : this.#quality;
    await request(this.#socket, 'media:set-layers', { consumerId: consumer.id, spatialLayer });
  }

  #retryLater(generation: number, error: unknown): void {
    if (generation !== this.#generation) return;
    const delay = backoffMs(this.#attempt++);
    this.#lastError = error instanceof Error ? error.message : String(error);
    this.#setState(this.#hadVideo ? 'reconnecting' : 'connecting');
    this.#retryTimer = setTimeout(() => {
      if (generation === this.#generation) this.#begin(this.#state);
    }, delay);
  }

  readonly #onProducerAdded = (producer: MediaProducerPayload) => {
    if (producer.streamId !== this.#streamId || !this.#session) return;
    const generation = this.#generation;
    this.#queue.run(() => this.#consumeNew(generation)).catch((error: unknown) => this.#retryLater(generation, error));
  };

  readonly #onProducerClosed = (producer: MediaProducerPayload) => {
    if (producer.streamId !== this.#streamId) return;
    const consumer = this.#session?.consumers.get(producer.producerId);
    if (!consumer) return;
    consumer.close();
    this.#session?.consumers.delete(producer.producerId);
    this.#attachTracks();
    this.#settleState();
  };

  readonly #onRestart = (event: { streamId: string }) => {
    if (event.streamId === this.#streamId && this.#state !== 'stopped') this.#begin('reconnecting');
  };

  #videoConsumer(): Consumer | undefined {
    for (const consumer of this.#session?.consumers.values() ?? []) {
      if (consumer.kind === 'video' && !consumer.closed) return consumer;
    }
    return undefined;
  }

  #attachTracks(): void {
    const tracks = [...(this.#session?.consumers.values() ?? [])].filter((c) => !c.closed).map((c) => c.track);
    this.#video.srcObject = tracks.length > 0 ? new MediaStream(tracks) : null;
    if (tracks.length > 0) this.#video.play().catch(() => {});
  }

  #settleState(): void {
    if (this.#videoConsumer()) {
      this.#hadVideo = true;
      this.#setState('playing');
    } else {
      this.#setState(this.#hadVideo ? 'reconnecting' : 'waiting');
    }
  }

  #closeSession(): void {
    this.#session?.transport.close();
    this.#session = undefined;
  }

  #setState(state: PlaybackState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onChange(state);
  }
}
