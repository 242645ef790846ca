import { h } from '../../lib/dom.ts';
import type { Session } from '../../lib/session.ts';
import { type LiveSocket, request } from '../../lib/socket.ts';

/** Taps within this window go out as one like:send, so a burst of taps is one message. */
const FLUSH_AFTER_MS = 250;
/** The most one like:send may carry (the server's limit). */
const MAX_PER_SEND = 50;
const MAX_FLOATING = 12;

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/**
 * The heart: each tap floats a heart up and adds a like; the total is the room's (likes:count,
 * at most once a second) plus this viewer's taps not yet counted there. Signed-out viewers are
 * asked to sign in.
 */
export class LikeButton {
  readonly root = h('div', { className: 'like' });
  readonly #button = h(
    'button',
    { className: 'like-button', attrs: { id: 'like-button', type: 'button', 'aria-label': 'Like', 'aria-pressed': 'false' } },
    h('span', { className: 'like-heart', attrs: { 'aria-hidden': 'true' } }, '♥'),
  );
  readonly #count = h('span', { className: 'like-count', attrs: { id: 'like-count', 'aria-live': 'off' } }, '0');
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #session: () => Session | undefined;
  readonly #askToSignIn: () => void;
  /** The highest total the server has told us. */
  #serverTotal = 0;
  /** Taps not yet sent. */
  #pending = 0;
  /** Taps sent but not yet acknowledged. */
  #inFlight = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { socket: LiveSocket; streamId: string; session: () => Session | undefined; askToSignIn: () => void }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#session = options.session;
    this.#askToSignIn = options.askToSignIn;
    this.root.append(this.#button, this.#count);
    this.#button.addEventListener('click', () => this.#tap());
    options.socket.on('likes:count', ({ streamId, total }) => {
      if (streamId !== this.#streamId) return;
      const before = this.#shownTotal();
      this.#serverTotal = Math.max(this.#serverTotal, total);
      // Others' likes float up too, one heart per update.
      if (this.#shownTotal() > before && this.#pending === 0 && this.#inFlight === 0) this.#float();
      this.#render();
    });
  }

  /** The join snapshot's total (a new connection starts from the server's figure). */
  reset(total: number): void {
    this.#serverTotal = total;
    this.#render();
  }

  #shownTotal(): number {
    return this.#serverTotal + this.#pending + this.#inFlight;
  }

  #tap(): void {
    if (!this.#session()) {
      this.#askToSignIn();
      return;
    }
    this.#pending += 1;
    // Pressed once this viewer has liked the show (each tap still adds a like).
    this.#button.setAttribute('aria-pressed', 'true');
    this.#float();
    this.#bump();
    this.#render();
    if (this.#pending >= MAX_PER_SEND) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), FLUSH_AFTER_MS);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const count = Math.min(this.#pending, MAX_PER_SEND);
    if (count === 0) return;
    this.#pending -= count;
    this.#inFlight += count;
    request(this.#socket, 'like:send', { streamId: this.#streamId, count }).then(
      ({ total }) => {
        this.#inFlight -= count;
        this.#serverTotal = Math.max(this.#serverTotal, total);
        this.#render();
      },
      () => {
        // Not counted (signed out meanwhile, or offline): the optimistic figure goes back.
        this.#inFlight -= count;
        this.#render();
      },
    );
    if (this.#pending > 0) this.#timer = setTimeout(() => this.#flush(), FLUSH_AFTER_MS);
  }

  #render(): void {
    const total = this.#shownTotal();
    this.#count.textContent = compact.format(total);
    this.#count.title = `${total} likes`;
    this.#count.dataset.total = String(total);
  }

  #bump(): void {
    this.#button.classList.remove('is-bumped');
    // Reading layout restarts the CSS animation on a quick second tap.
    void this.#button.offsetWidth;
    this.#button.classList.add('is-bumped');
  }

  #float(): void {
    if (this.root.querySelectorAll('.like-float').length >= MAX_FLOATING) return;
    const heart = h('span', { className: 'like-float', attrs: { 'aria-hidden': 'true' } }, '♥');
    heart.style.setProperty('--drift', `${Math.round(Math.random() * 36 - 18)}px`);
    heart.style.setProperty('--hue', String(Math.round(330 + Math.random() * 40)));
    heart.addEventListener('animationend', () => heart.remove());
    // A page without animations (reduced motion) still removes the heart.
    setTimeout(() => heart.remove(), 1500);
    this.root.append(heart);
  }
}
