import { api, type StreamSummary } from '../../lib/api.ts';
import { show } from '../../lib/dom.ts';

/** A vertical move at least this long (px), and mostly vertical, is a swipe. */
const MIN_SWIPE_PX = 60;
const MAX_SWIPE_MS = 800;
/** Touches that start on these scroll, type or pick; they never change the show. */
const NOT_A_SWIPE = '.comments, input, select, textarea, button, a, dialog, .card';

/**
 * Swipe up for the next live show, down for the previous one (`GET /api/streams?status=live`, in
 * the server's order, going round). A phone shows a one-time hint while other shows are live.
 */
export class LiveSwipe {
  readonly #streamId: string;
  readonly #hint: HTMLElement;
  #others: Promise<string[]> | undefined;

  constructor(options: { surface: HTMLElement; streamId: string; hint: HTMLElement }) {
    this.#streamId = options.streamId;
    this.#hint = options.hint;
    let start: { x: number; y: number; at: number } | undefined;
    options.surface.addEventListener(
      'touchstart',
      (event) => {
        const touch = event.touches[0];
        const target = event.target instanceof Element ? event.target : null;
        start =
          touch && event.touches.length === 1 && !target?.closest(NOT_A_SWIPE)
            ? { x: touch.clientX, y: touch.clientY, at: Date.now() }
            : undefined;
        if (start) void this.#liveIds();
      },
      { passive: true },
    );
    options.surface.addEventListener(
      'touchend',
      (event) => {
        const touch = event.changedTouches[0];
        if (!start || !touch) return;
        const dx = touch.clientX - start.x;
        const dy = touch.clientY - start.y;
        const isSwipe = Math.abs(dy) >= MIN_SWIPE_PX && Math.abs(dy) > 2 * Math.abs(dx) && Date.now() - start.at <= MAX_SWIPE_MS;
        start = undefined;
        if (isSwipe) void this.go(dy < 0 ? 1 : -1);
      },
      { passive: true },
    );
  }

  /** Shows the hint once per session on a touch screen when another show is live. */
  async offerHint(): Promise<void> {
    if (!matchMedia('(pointer: coarse)').matches || sessionStorage.getItem('streamcart.swipe-hint')) return;
    const ids = await this.#liveIds();
    if (!ids.some((id) => id !== this.#streamId)) return;
    sessionStorage.setItem('streamcart.swipe-hint', '1');
    show(this.#hint, true);
    setTimeout(() => show(this.#hint, false), 4000);
  }

  /** Opens the next (1) or previous (-1) live show, if another one is live. */
  async go(step: 1 | -1): Promise<void> {
    const ids = await this.#liveIds();
    const others = ids.filter((id) => id !== this.#streamId);
    if (others.length === 0) return;
    const here = ids.indexOf(this.#streamId);
    const next = here === -1 ? (step === 1 ? others[0] : others.at(-1)) : ids[(here + step + ids.length) % ids.length];
    if (!next || next === this.#streamId) return;
    document.body.dataset.leaving = step === 1 ? 'up' : 'down';
    location.assign(`/live/${encodeURIComponent(next)}`);
  }

  /** The live shows (with media flowing), fetched once per page. */
  #liveIds(): Promise<string[]> {
    this.#others ??= api<{ items: StreamSummary[] }>('GET', '/api/streams?status=live&limit=50').then(
      ({ items }) => items.filter((s) => s.status === 'live' && s.hasMedia !== false).map((s) => s.id),
      () => {
        this.#others = undefined;
        return [];
      },
    );
    return this.#others;
  }
}
