const EVERY_MS = 30_000;
/** How often it looks whether a frame is due: the first goes out within seconds of going on air. */
const CHECK_MS = 5_000;
const WIDTH = 480;

/**
 * While the show is live, sends a frame of the studio's own preview as the stream's poster (the first
 * within seconds of going on air, then every 30 s), so the feed's live card shows what is on air. A
 * failed upload is tried again at the next check.
 */
export class PosterUploader {
  readonly #streamId: string;
  readonly #video: () => HTMLVideoElement | null;
  readonly #token: () => string | undefined;
  readonly #isLive: () => boolean;
  readonly #canvas = document.createElement('canvas');
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(deps: { streamId: string; video: () => HTMLVideoElement | null; token: () => string | undefined; isLive: () => boolean }) {
    this.#streamId = deps.streamId;
    this.#video = deps.video;
    this.#token = deps.token;
    this.#isLive = deps.isLive;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (performance.now() - this.#lastSentAt >= EVERY_MS) void this.sendFrame();
    }, CHECK_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Sends one frame now; false when there was nothing to send or it failed. */
  async sendFrame(): Promise<boolean> {
    const video = this.#video();
    const token = this.#token();
    if (!video || !token || !this.#isLive() || video.videoWidth === 0) return false;
    this.#canvas.width = WIDTH;
    this.#canvas.height = Math.round((WIDTH * video.videoHeight) / video.videoWidth);
    this.#canvas.getContext('2d')?.drawImage(video, 0, 0, this.#canvas.width, this.#canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => this.#canvas.toBlob(resolve, 'image/jpeg', 0.75));
    if (!blob) return false;
    try {
      const response = await fetch(`/api/streams/${encodeURIComponent(this.#streamId)}/poster`, {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` },
        body: blob,
      });
      if (response.ok) this.#lastSentAt = performance.now();
      return response.ok;
    } catch {
      return false;
    }
  }
}
