import type { Producer, RtpEncodingParameters } from 'mediasoup-client/types';
import { type MediaTransport, openMediaTransport } from './media-transport.ts';
import { BitrateMeter, rtpTotals } from './rtp-stats.ts';
import { backoffMs, SerialQueue } from './serial-queue.ts';
import { type LiveSocket, request } from './socket.ts';

/** `reconnecting`: was live and is republishing (media server restart, network loss). */
export type PublishState = 'offline' | 'connecting' | 'live' | 'reconnecting';

export type TrackKind = 'audio' | 'video';

/** The video codecs the studio can publish; the stream's router takes both. */
export type VideoCodecChoice = 'vp8' | 'h264';

const VIDEO_MIME_TYPES: Record<VideoCodecChoice, string> = { vp8: 'video/vp8', h264: 'video/h264' };

/** Whether this browser can encode `codec` (Chromium builds without H264 exist). */
export function canSendVideoCodec(codec: VideoCodecChoice): boolean {
  const codecs = globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs ?? [];
  return codecs.some((capability) => capability.mimeType.toLowerCase() === VIDEO_MIME_TYPES[codec]);
}

export interface PublishStats {
  state: PublishState;
  producerId: string | undefined;
  /** The video codec in use, e.g. `video/VP8`. */
  videoCodec: string | undefined;
  bitsPerSecond: number;
  framesPerSecond: number;
  framesEncoded: number;
  frameWidth: number;
  frameHeight: number;
  lastError: string | undefined;
}

/** Three simulcast layers (quarter, half and full size); viewers get the one their link carries. */
export const SIMULCAST_ENCODINGS: RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
];

interface Session extends MediaTransport {
  producers: Map<TrackKind, Producer>;
}

/**
 * Publishes the studio's camera and microphone to the stream's router, and publishes again by
 * itself after `media:restart`, a failed transport or `restart()` (socket reconnected).
 */
export class StreamPublisher {
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #onChange: (state: PublishState) => void;
  readonly #onError: (message: string, state: PublishState) => void;
  readonly #queue = new SerialQueue();
  readonly #tracks = new Map<TrackKind, MediaStreamTrack>();
  readonly #meter = new BitrateMeter();
  #session: Session | undefined;
  #state: PublishState = 'offline';
  #generation = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lastError: string | undefined;
  #videoCodec: VideoCodecChoice;

  constructor(options: {
    socket: LiveSocket;
    streamId: string;
    onChange: (state: PublishState) => void;
    /** A publish attempt failed (it is tried again later unless the caller stops); `state` says whether it was live before. */
    onError?: (message: string, state: PublishState) => void;
    videoCodec?: VideoCodecChoice;
  }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#onChange = options.onChange;
    this.#onError = options.onError ?? (() => {});
    this.#videoCodec = options.videoCodec ?? 'vp8';
  }

  get state(): PublishState {
    return this.#state;
  }

  get videoCodec(): VideoCodecChoice {
    return this.#videoCodec;
  }

  /** Picks the video codec; while publishing, the tracks are published again with it. */
  setVideoCodec(codec: VideoCodecChoice): void {
    if (codec === this.#videoCodec) return;
    this.#videoCodec = codec;
    if (this.#state !== 'offline') this.#begin('reconnecting');
  }

  /** Sets the camera or microphone track; while live the new track replaces the old one in place. */
  async setTrack(kind: TrackKind, track: MediaStreamTrack): Promise<void> {
    this.#tracks.set(kind, track);
    const producer = this.#session?.producers.get(kind);
    if (producer && !producer.closed) await producer.replaceTrack({ track });
  }

  /** Starts publishing, or publishes again from scratch when already started. */
  start(): void {
    if (this.#state === 'offline') this.#socket.on('media:restart', this.#onRestart);
    this.#begin(this.#state === 'live' || this.#state === 'reconnecting' ? 'reconnecting' : 'connecting');
  }

  /** Stops publishing; the camera keeps running for the preview. */
  stop(): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#closeSession();
    this.#socket.off('media:restart', this.#onRestart);
    this.#setState('offline');
  }

  /** Outgoing bitrate (all tracks) and the frame rate and size of the largest video layer. */
  async stats(): Promise<PublishStats> {
    const video = this.#session?.producers.get('video');
    const audio = this.#session?.producers.get('audio');
    const videoTotals = video && !video.closed ? rtpTotals(await video.getStats(), 'outbound-rtp') : undefined;
    const audioTotals = audio && !audio.closed ? rtpTotals(await audio.getStats(), 'outbound-rtp') : undefined;
    const bytes = (videoTotals?.bytes ?? 0) + (audioTotals?.bytes ?? 0);
    return {
      state: this.#state,
      producerId: video?.id,
      videoCodec: video && !video.closed ? video.rtpParameters.codecs[0]?.mimeType : undefined,
      bitsPerSecond: this.#meter.sample(bytes),
      framesPerSecond: videoTotals?.framesPerSecond ?? 0,
      framesEncoded: videoTotals?.frames ?? 0,
      frameWidth: videoTotals?.frameWidth ?? 0,
      frameHeight: videoTotals?.frameHeight ?? 0,
      lastError: this.#lastError,
    };
  }

  #begin(state: PublishState): void {
    const generation = ++this.#generation;
    clearTimeout(this.#retryTimer);
    this.#closeSession();
    this.#setState(state);
    this.#queue.run(() => this.#publish(generation)).catch((error: unknown) => this.#retryLater(generation, error));
  }

  async #publish(generation: number): Promise<void> {
    const opened = await openMediaTransport(this.#socket, this.#streamId, 'send');
    if (generation !== this.#generation) {
      opened.transport.close();
      return;
    }
    const session: Session = { ...opened, producers: new Map() };
    this.#session = session;
    const { transport, device } = opened;
    transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      request(this.#socket, 'media:produce', { transportId: transport.id, kind, rtpParameters }).then(
        ({ producerId }) => callback({ id: producerId }),
        errback,
      );
    });
    transport.on('connectionstatechange', (connection) => {
      if (connection === 'failed' && generation === this.#generation) this.#begin('reconnecting');
    });

    const video = this.#tracks.get('video');
    if (video) {
      // The device lists only codecs both the browser and the router have; without the chosen
      // one, mediasoup-client takes the first shared codec (VP8), and stats() tells which.
      const wanted = VIDEO_MIME_TYPES[this.#videoCodec];
      const codec = device.rtpCapabilities.codecs?.find((candidate) => candidate.mimeType.toLowerCase() === wanted);
      const producer = await transport.produce({
        track: video,
        encodings: SIMULCAST_ENCODINGS,
        codecOptions: { videoGoogleStartBitrate: 1000 },
        ...(codec ? { codec } : {}),
        // The camera outlives the producer: it is republished after a restart.
        stopTracks: false,
      });
      session.producers.set('video', producer);
    }
    const audio = this.#tracks.get('audio');
    if (audio && generation === this.#generation) {
      const producer = await transport.produce({ track: audio, codecOptions: { opusStereo: false, opusDtx: true }, stopTracks: false });
      session.producers.set('audio', producer);
    }
    if (generation !== this.#generation) return;
    this.#attempt = 0;
    this.#lastError = undefined;
    this.#setState('live');
  }

  #retryLater(generation: number, error: unknown): void {
    if (generation !== this.#generation) return;
    this.#lastError = error instanceof Error ? error.message : String(error);
    const delay = backoffMs(this.#attempt++);
    this.#onError(this.#lastError, this.#state);
    if (generation !== this.#generation) return;
    this.#retryTimer = setTimeout(() => {
      if (generation === this.#generation) this.#begin(this.#state === 'connecting' ? 'connecting' : 'reconnecting');
    }, delay);
  }

  readonly #onRestart = (event: { streamId: string }) => {
    if (event.streamId === this.#streamId && this.#state !== 'offline') this.#begin('reconnecting');
  };

  #closeSession(): void {
    this.#session?.transport.close();
    this.#session = undefined;
  }

  #setState(state: PublishState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onChange(state);
  }
}
