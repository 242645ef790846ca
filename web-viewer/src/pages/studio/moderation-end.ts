import { h, show } from '../../lib/dom.ts';
import type { Session } from '../../lib/session.ts';
import { type AppNotification, listNotifications } from '../../lib/social-api.ts';
import type { LiveSocket } from '../../lib/socket.ts';

const KIND = 'stream_ended_by_moderation';

/**
 * The studio's notice that Streamcart ended this show, with the admin's reason. The room's
 * `stream:status` says who ended it; the reason reaches only the host, in their notification
 * (live over `notification:new`, or from their list when the studio opens on a show already ended).
 */
export class ModerationEndNotice {
  readonly element = h('p', { className: 'notice', attrs: { id: 'moderation-end', role: 'status' } });
  readonly #streamId: string;
  readonly #session: Session;
  readonly #onEnded: () => void;
  #isEnded = false;
  #reason: string | undefined;

  /** `onEnded` runs when a notification is what tells the studio the show ended (its room event was missed). */
  constructor(deps: { socket: LiveSocket; streamId: string; session: Session; onEnded: () => void }) {
    this.#streamId = deps.streamId;
    this.#session = deps.session;
    this.#onEnded = deps.onEnded;
    show(this.element, false);
    deps.socket.on('notification:new', (n) => this.#take(n));
  }

  get isEnded(): boolean {
    return this.#isEnded;
  }

  /** The show ended by moderation: say so now, with the reason once it is known. */
  ended(): void {
    this.#isEnded = true;
    this.#render();
    if (this.#reason === undefined) void this.lookUp();
  }

  /** Reads the host's notifications for this show's (a studio opened on a show that has ended). */
  async lookUp(): Promise<void> {
    try {
      const { items } = await listNotifications(this.#session.token, 50);
      for (const n of items) this.#take(n);
    } catch {
      // Without the list the notice still says who ended the show, just not why.
    }
  }

  #take(n: Pick<AppNotification, 'kind' | 'payload'>): void {
    if (n.kind !== KIND || n.payload.streamId !== this.#streamId) return;
    const wasEnded = this.#isEnded;
    this.#isEnded = true;
    if (typeof n.payload.reason === 'string') this.#reason = n.payload.reason;
    this.#render();
    if (!wasEnded) this.#onEnded();
  }

  #render(): void {
    show(this.element, this.#isEnded);
    this.element.textContent = this.#reason
      ? `Streamcart ended this show for breaking the community rules: “${this.#reason}”. It cannot go live again.`
      : 'Streamcart ended this show for breaking the community rules. It cannot go live again.';
  }
}
