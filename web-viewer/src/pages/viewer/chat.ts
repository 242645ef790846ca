import '../../styles/chat-host.css';
import type { CommentPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatClock } from '../../lib/format.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import type { ReportTarget } from '../../lib/report-dialog.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { type LiveSocket, RequestError, request } from '../../lib/socket.ts';
import type { ChatAnnouncer } from './chat-announcer.ts';

const MAX_COMMENTS = 100;

/** A platform-wide chat ban, as CHAT_BANNED's details and the `chat_banned` notification carry it. */
interface ChatRestriction {
  reason: string;
  /** ISO time it ends; null: until Streamcart lifts it. */
  until: string | null;
}

function asRestriction(value: unknown): ChatRestriction | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { reason, until } = value as Record<string, unknown>;
  return typeof reason === 'string' && (typeof until === 'string' || until === null) ? { reason, until } : undefined;
}

/** "You can't chat right now: <reason>, until <date>" in the viewer's locale. */
export function restrictionText(restriction: ChatRestriction): string {
  const until = restriction.until
    ? new Date(restriction.until).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : 'Streamcart lifts the restriction';
  return `You can't chat right now: ${restriction.reason}, until ${until}`;
}

/**
 * The chat column (on a phone: the comments fading over the video, the box in the bottom bar):
 * recent comments (as text, never HTML), each from someone else with a Report action, the comment
 * box (or why the account may not chat) and a sign-in box; on a phone a signed-out viewer's tap
 * on the box opens the sign-in dialog. New comments reach screen readers only as summaries.
 */
export class Chat {
  readonly #list = byId('comments', HTMLOListElement);
  readonly #form = byId('comment-form', HTMLFormElement);
  readonly #input = byId('comment-text', HTMLInputElement);
  readonly #error = byId('comment-error');
  readonly #restricted = byId('chat-restricted');
  readonly #signedIn = byId('signed-in');
  readonly #loginSlot = byId('login-slot');
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #onSessionChange: () => void;
  readonly #onReport: (target: ReportTarget) => void;
  readonly #askToSignIn: () => void;
  readonly #announcer: ChatAnnouncer;
  /** The comment the host pinned above the chat (comment:pinned, the join snapshot). */
  readonly #pinned = h('p', { className: 'pinned-comment', attrs: { id: 'pinned-comment' } });

  constructor(options: {
    socket: LiveSocket;
    streamId: string;
    onSessionChange: () => void;
    onReport: (target: ReportTarget) => void;
    askToSignIn: () => void;
    announcer: ChatAnnouncer;
  }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#onSessionChange = options.onSessionChange;
    this.#onReport = options.onReport;
    this.#askToSignIn = options.askToSignIn;
    this.#announcer = options.announcer;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    this.#input.addEventListener('click', () => {
      if (!loadSession()) this.#askToSignIn();
    });
    options.socket.on('comment:new', (comment) => {
      if (comment.streamId === this.#streamId) this.#append(comment, true);
    });
    // The page joins with commentBatching (see main.ts), so a busy chat arrives a few times a second.
    options.socket.on('comment:batch', ({ streamId, comments }) => {
      if (streamId === this.#streamId) for (const comment of comments) this.#append(comment, true);
    });
    options.socket.on('comment:deleted', ({ id }) => this.#list.querySelector(`[data-comment-id="${CSS.escape(id)}"]`)?.remove());
    this.#list.before(this.#pinned);
    this.setPinned(null);
    options.socket.on('comment:pinned', ({ streamId, comment }) => {
      if (streamId === this.#streamId) this.setPinned(comment);
    });
    // An admin's restriction shows at once, not only at the next comment.
    options.socket.on('notification:new', ({ kind, payload }) => {
      if (kind === 'chat_banned') this.#showRestriction(asRestriction(payload));
      if (kind === 'chat_ban_lifted') this.#showRestriction(undefined);
    });
    this.renderSession();
  }

  /** Shows the host's pinned comment above the chat; null hides it. */
  setPinned(comment: CommentPayload | null): void {
    show(this.#pinned, comment !== null);
    this.#pinned.replaceChildren(
      ...(comment
        ? [h('span', { className: 'host-badge' }, 'Pinned'), h('span', { className: 'comment-author' }, comment.displayName), comment.text]
        : []),
    );
  }

  /** Replaces the list with the snapshot's recent comments (oldest first). */
  reset(comments: CommentPayload[]): void {
    this.#list.replaceChildren();
    for (const comment of comments) this.#append(comment, false);
  }

  /** Shows the comment box for a signed-in user, else the sign-in box; Report is offered on others' comments. */
  renderSession(): void {
    const session = loadSession();
    // The box is always in a phone's bottom bar; on a wide screen the sign-in box below stands in for it.
    this.#form.dataset.signedOut = String(session === undefined);
    this.#input.placeholder = session ? 'Say something nice…' : 'Sign in to chat…';
    show(this.#signedIn, session !== undefined);
    this.#showRestriction(undefined);
    for (const item of this.#list.querySelectorAll<HTMLLIElement>('li[data-comment-id]')) this.#syncReport(item, session);
    if (session) {
      const signOutButton = h('button', { className: 'link-button', attrs: { type: 'button' } }, 'Sign out');
      signOutButton.addEventListener('click', () => {
        signOut();
        this.renderSession();
        this.#onSessionChange();
      });
      this.#signedIn.replaceChildren(`Commenting as ${session.user.displayName} · `, signOutButton);
      this.#loginSlot.replaceChildren();
    } else {
      mountLoginForm(this.#loginSlot, {
        title: 'Sign in to chat',
        hint: 'Watching needs no account.',
        compact: true,
        onSignedIn: (_session: Session) => {
          this.renderSession();
          this.#onSessionChange();
        },
      });
    }
  }

  #append(comment: CommentPayload, isNew: boolean): void {
    // A comment sent while the page joined can be in the snapshot and in the next batch.
    if (this.#list.querySelector(`[data-comment-id="${CSS.escape(comment.id)}"]`)) return;
    if (isNew) this.#announcer.comment(comment.displayName, comment.text);
    const atBottom = this.#list.scrollTop + this.#list.clientHeight >= this.#list.scrollHeight - 8;
    const report = h(
      'button',
      { className: 'report-link comment-report', attrs: { type: 'button', 'aria-label': `Report comment by ${comment.displayName}` } },
      'Report',
    );
    report.addEventListener('click', () => this.#onReport({ targetType: 'comment', targetId: comment.id, ownerId: comment.userId }));
    const item = h(
      'li',
      { attrs: { 'data-comment-id': comment.id, 'data-user-id': comment.userId } },
      ...(comment.replyTo ? [h('span', { className: 'comment-quote' }, `↪ ${comment.replyTo.displayName}: ${comment.replyTo.text}`)] : []),
      h('span', { className: 'comment-author' }, comment.displayName),
      ...(comment.isHost ? [h('span', { className: 'host-badge' }, 'Host')] : []),
      ...(comment.fanLevel
        ? [h('span', { className: 'fan-badge', attrs: { title: `Fan level ${comment.fanLevel}` } }, `Lv ${comment.fanLevel}`)]
        : []),
      h('span', { className: 'comment-text' }, comment.text),
      h('time', { className: 'comment-time', attrs: { datetime: comment.at } }, formatClock(comment.at)),
      report,
    );
    this.#syncReport(item, loadSession());
    this.#list.append(item);
    while (this.#list.children.length > MAX_COMMENTS) this.#list.firstElementChild?.remove();
    if (atBottom) this.#list.scrollTop = this.#list.scrollHeight;
  }

  /** Report is for signed-in viewers, on comments not their own. */
  #syncReport(item: HTMLLIElement, session: Session | undefined): void {
    const button = item.querySelector<HTMLButtonElement>('.comment-report');
    if (button) show(button, Boolean(session) && item.dataset.userId !== session?.user.id);
  }

  /** Says why the account may not chat (and until when), or takes that away. */
  #showRestriction(restriction: ChatRestriction | undefined): void {
    this.#restricted.textContent = restriction ? restrictionText(restriction) : '';
    show(this.#restricted, restriction !== undefined);
    if (restriction) show(this.#error, false);
  }

  async #send(): Promise<void> {
    const text = this.#input.value.trim();
    // The typed text stays in the box while the viewer signs in.
    if (!loadSession()) {
      this.#askToSignIn();
      return;
    }
    if (!text) return;
    show(this.#error, false);
    try {
      await request(this.#socket, 'comment:send', { streamId: this.#streamId, text });
      this.#input.value = '';
      this.#showRestriction(undefined);
    } catch (error) {
      // The text stays in the box: the viewer may send it once the restriction ends.
      const restriction = error instanceof RequestError && error.code === 'CHAT_BANNED' ? asRestriction(error.details) : undefined;
      if (restriction) {
        this.#showRestriction(restriction);
        return;
      }
      this.#error.textContent = error instanceof RequestError ? error.message : 'Not sent; try again.';
      show(this.#error, true);
    }
  }
}
