import { h } from '../../lib/dom.ts';
import type { TrackKind } from '../../lib/media-publisher.ts';

/** Landscape 16:9 (a desk set-up) or portrait 9:16 (a phone held upright, full screen on viewers' phones). */
export type Orientation = 'landscape' | 'portrait';

const VIDEO_CONSTRAINTS: Record<Orientation, MediaTrackConstraints> = {
  landscape: { width: { ideal: 1280 }, height: { ideal: 720 }, aspectRatio: { ideal: 16 / 9 }, frameRate: { ideal: 30 } },
  portrait: { width: { ideal: 720 }, height: { ideal: 1280 }, aspectRatio: { ideal: 9 / 16 }, frameRate: { ideal: 30 } },
};

function constraintsFor(kind: TrackKind, deviceId: string | undefined, orientation: Orientation): MediaTrackConstraints {
  const base = kind === 'video' ? VIDEO_CONSTRAINTS[orientation] : { echoCancellation: true, noiseSuppression: true };
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
}

/** Camera and microphone pickers with a local preview; hands every new track to `onTrack`. */
export class DevicePicker {
  readonly #camera: HTMLSelectElement;
  readonly #mic: HTMLSelectElement;
  readonly #preview: HTMLVideoElement;
  readonly #onTrack: (kind: TrackKind, track: MediaStreamTrack) => void;
  readonly #tracks = new Map<TrackKind, MediaStreamTrack>();
  #orientation: Orientation = 'landscape';

  constructor(options: {
    camera: HTMLSelectElement;
    mic: HTMLSelectElement;
    preview: HTMLVideoElement;
    onTrack: (kind: TrackKind, track: MediaStreamTrack) => void;
  }) {
    this.#camera = options.camera;
    this.#mic = options.mic;
    this.#preview = options.preview;
    this.#onTrack = options.onTrack;
    this.#camera.addEventListener('change', () => void this.#switch('video', this.#camera.value));
    this.#mic.addEventListener('change', () => void this.#switch('audio', this.#mic.value));
  }

  get hasTracks(): boolean {
    return this.#tracks.size > 0;
  }

  get orientation(): Orientation {
    return this.#orientation;
  }

  /** Captures 16:9 or 9:16 from now on: the camera is opened again with that shape (and republished while live). */
  async setOrientation(orientation: Orientation): Promise<void> {
    this.#orientation = orientation;
    this.#preview.dataset.orientation = orientation;
    if (this.#tracks.has('video')) await this.#switch('video', this.#camera.value);
  }

  /** Opens the default camera and microphone and lists the others. Throws when neither can be opened. */
  async start(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: constraintsFor('video', undefined, this.#orientation),
      audio: constraintsFor('audio', undefined, this.#orientation),
    });
    for (const track of stream.getTracks()) this.#use(track.kind as TrackKind, track);
    await this.#listDevices();
    navigator.mediaDevices.addEventListener('devicechange', () => void this.#listDevices());
  }

  /** Stops the camera and microphone. */
  stop(): void {
    for (const track of this.#tracks.values()) track.stop();
    this.#tracks.clear();
    this.#preview.srcObject = null;
  }

  async #switch(kind: TrackKind, deviceId: string): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, deviceId || undefined, this.#orientation) });
    const [track] = kind === 'video' ? stream.getVideoTracks() : stream.getAudioTracks();
    if (track) this.#use(kind, track);
  }

  #use(kind: TrackKind, track: MediaStreamTrack): void {
    const previous = this.#tracks.get(kind);
    this.#tracks.set(kind, track);
    if (kind === 'video') this.#preview.srcObject = new MediaStream([track]);
    this.#onTrack(kind, track);
    previous?.stop();
  }

  async #listDevices(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, current: MediaStreamTrack | undefined, fallback: string) => {
      const options = devices
        .filter((device) => device.kind === kind)
        .map((device, index) => h('option', { attrs: { value: device.deviceId } }, device.label || `${fallback} ${index + 1}`));
      select.replaceChildren(...options);
      const currentId = current?.getSettings().deviceId;
      if (currentId) select.value = currentId;
      select.disabled = options.length === 0;
    };
    fill(this.#camera, 'videoinput', this.#tracks.get('video'), 'Camera');
    fill(this.#mic, 'audioinput', this.#tracks.get('audio'), 'Microphone');
  }
}
