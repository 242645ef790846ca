import type { StreamEndedBy } from '../../../../server/src/realtime/contract.ts';
import { byId, show } from '../../lib/dom.ts';
import { formatViewers } from '../../lib/format.ts';
import type { PlaybackState, Quality } from '../../lib/media-subscriber.ts';

export type StreamStatus = 'loading' | 'scheduled' | 'live' | 'ended' | 'missing';

interface OverlayText {
  title: string;
  text: string;
  spinner: boolean;
}

function overlayFor(
  status: StreamStatus,
  endedBy: StreamEndedBy | undefined,
  playback: PlaybackState,
  online: boolean,
): OverlayText | undefined {
  if (status === 'ended' && endedBy === 'moderation') {
    return { title: 'Streamcart ended this show', text: 'It broke our community rules. Thanks for watching.', spinner: false };
  }
  if (status === 'ended') return { title: 'This stream has ended', text: 'Thanks for watching.', spinner: false };
  if (status === 'missing') return { title: 'Stream not found', text: 'The link may be wrong or the stream was removed.', spinner: false };
  if (!online) return { title: 'Reconnecting…', text: 'Your connection dropped; the video comes back by itself.', spinner: true };
  if (status === 'loading') return { title: 'Connecting…', text: '', spinner: true };
  if (status === 'scheduled')
    return { title: 'Starting soon', text: 'Stay here: the video starts when the host goes live.', spinner: false };
  switch (playback) {
    case 'playing':
      return undefined;
    case 'reconnecting':
      return { title: 'Reconnecting…', text: 'The video will be back in a moment.', spinner: true };
    case 'waiting':
      return { title: "Waiting for the host's camera…", text: '', spinner: true };
    default:
      return { title: 'Connecting…', text: '', spinner: true };
  }
}

/**
 * The player's chrome: state overlay, live badge, viewer count, unmute button and quality picker.
 * It tells the page the picture's shape (`data-video-shape` on body): a portrait (9:16) picture
 * fills a phone's screen, a landscape one is shown whole over a blurred copy of itself.
 */
export class PlayerView {
  readonly video = byId('video', HTMLVideoElement);
  readonly #backdrop = byId('video-backdrop', HTMLVideoElement);
  readonly #overlayShop = byId('overlay-shop', HTMLButtonElement);
  readonly #overlay = byId('overlay');
  readonly #overlayTitle = byId('overlay-title');
  readonly #overlayText = byId('overlay-text');
  readonly #overlayHome = byId('overlay-home');
  readonly #liveBadge = byId('live-badge');
  readonly #viewerCount = byId('viewer-count');
  readonly #unmute = byId('unmute', HTMLButtonElement);
  readonly #unmuteLabel = byId('unmute-label');
  readonly #quality = byId('quality', HTMLSelectElement);
  #status: StreamStatus = 'loading';
  #endedBy: StreamEndedBy | undefined;
  #playback: PlaybackState = 'stopped';
  #online = true;
  #hasProducts = false;

  constructor(options: { onQuality: (quality: Quality) => void; onShop: () => void }) {
    this.#overlayShop.addEventListener('click', () => options.onShop());
    for (const event of ['loadedmetadata', 'resize', 'emptied'] as const) this.video.addEventListener(event, () => this.#frame());
    this.#unmute.addEventListener('click', () => {
      this.video.muted = !this.video.muted;
      if (!this.video.muted) this.video.play().catch(() => {});
      this.#renderMute();
    });
    this.#quality.addEventListener('change', () => {
      const value = this.#quality.value;
      options.onQuality(value === 'auto' ? 'auto' : (Number(value) as 0 | 1 | 2));
    });
    this.#renderMute();
    this.#render();
  }

  /** `endedBy` is known when the page saw the show end (the `stream:status` event says who ended it). */
  setStatus(status: StreamStatus, endedBy?: StreamEndedBy): void {
    this.#status = status;
    this.#endedBy = status === 'ended' ? endedBy : undefined;
    document.body.dataset.streamStatus = status;
    if (this.#endedBy) document.body.dataset.endedBy = this.#endedBy;
    else delete document.body.dataset.endedBy;
    this.#render();
  }

  setPlayback(playback: PlaybackState, canPickQuality: boolean): void {
    this.#playback = playback;
    document.body.dataset.playback = playback;
    this.#quality.disabled = !canPickQuality;
    this.#render();
  }

  setOnline(online: boolean): void {
    this.#online = online;
    this.#render();
  }

  setViewerCount(count: number): void {
    this.#viewerCount.textContent = formatViewers(count);
  }

  /** Whether the show has products: after it ends, "Shop this show" opens them. */
  setHasProducts(hasProducts: boolean): void {
    this.#hasProducts = hasProducts;
    this.#render();
  }

  /** Portrait or landscape picture; a landscape one gets its blurred copy behind it. */
  #frame(): void {
    const { videoWidth: width, videoHeight: height } = this.video;
    const shape = width === 0 || height === 0 ? 'none' : height > width ? 'portrait' : 'landscape';
    document.body.dataset.videoShape = shape;
    const source = shape === 'landscape' ? this.video.srcObject : null;
    if (this.#backdrop.srcObject !== source) {
      this.#backdrop.srcObject = source;
      if (source) this.#backdrop.play().catch(() => {});
    }
  }

  #renderMute(): void {
    this.#unmuteLabel.textContent = this.video.muted ? 'Tap to unmute' : 'Mute';
    this.#unmute.setAttribute('aria-pressed', String(!this.video.muted));
  }

  #render(): void {
    const overlay = overlayFor(this.#status, this.#endedBy, this.#playback, this.#online);
    show(this.#liveBadge, this.#status === 'live');
    // A count of who watched a show that is over would read as people still here.
    show(this.#viewerCount, this.#status === 'live' || this.#status === 'scheduled');
    show(this.#overlayShop, this.#status === 'ended' && this.#hasProducts);
    show(this.#overlay, overlay !== undefined);
    this.#overlay.classList.toggle('with-spinner', overlay?.spinner ?? false);
    this.#overlayTitle.textContent = overlay?.title ?? '';
    this.#overlayText.textContent = overlay?.text ?? '';
    show(this.#overlayHome, this.#status === 'ended' || this.#status === 'missing');
  }
}
