import type { CommentPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { formatClock } from '../../lib/format.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { type LiveSocket, RequestError, request } from '../../lib/socket.ts';

const MAX_COMMENTS = 100;

/** The chat column: recent comments (as text, never HTML), the comment box and a sign-in box. */
export class Chat {
  readonly #list = byId('comments', HTMLOListElement);
  readonly #form = byId('comment-form', HTMLFormElement);
  readonly #input = byId('comment-text', HTMLInputElement);
  readonly #error = byId('comment-error');
  readonly #signedIn = byId('signed-in');
  readonly #loginSlot = byId('login-slot');
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #onSessionChange: () => void;

  constructor(options: { socket: LiveSocket; streamId: string; onSessionChange: () => void }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#onSessionChange = options.onSessionChange;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    options.socket.on('comment:new', (comment) => {
      if (comment.streamId === this.#streamId) this.#append(comment);
    });
    // The page joins with commentBatching (see main.ts), so a busy chat arrives a few times a second.
    options.socket.on('comment:batch', ({ streamId, comments }) => {
      if (streamId === this.#streamId) for (const comment of comments) this.#append(comment);
    });
    options.socket.on('comment:deleted', ({ id }) => this.#list.querySelector(`[data-comment-id="${CSS.escape(id)}"]`)?.remove());
    this.renderSession();
  }

  /** Replaces the list with the snapshot's recent comments (oldest first). */
  reset(comments: CommentPayload[]): void {
    this.#list.replaceChildren();
    for (const comment of comments) this.#append(comment);
  }

  /** Shows the comment box for a signed-in user, else the sign-in box. */
  renderSession(): void {
    const session = loadSession();
    show(this.#form, session !== undefined);
    show(this.#signedIn, session !== undefined);
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

  #append(comment: CommentPayload): void {
    // A comment sent while the page joined can be in the snapshot and in the next batch.
    if (this.#list.querySelector(`[data-comment-id="${CSS.escape(comment.id)}"]`)) return;
    const atBottom = this.#list.scrollTop + this.#list.clientHeight >= this.#list.scrollHeight - 8;
    this.#list.append(
      h(
        'li',
        { attrs: { 'data-comment-id': comment.id } },
        h('span', { className: 'comment-author' }, comment.displayName),
        ...(comment.fanLevel
          ? [h('span', { className: 'fan-badge', attrs: { title: `Fan level ${comment.fanLevel}` } }, `Lv ${comment.fanLevel}`)]
          : []),
        h('span', { className: 'comment-text' }, comment.text),
        h('time', { className: 'comment-time', attrs: { datetime: comment.at } }, formatClock(comment.at)),
      ),
    );
    while (this.#list.children.length > MAX_COMMENTS) this.#list.firstElementChild?.remove();
    if (atBottom) this.#list.scrollTop = this.#list.scrollHeight;
  }

  async #send(): Promise<void> {
    const text = this.#input.value.trim();
    if (!text) return;
    show(this.#error, false);
    try {
      await request(this.#socket, 'comment:send', { streamId: this.#streamId, text });
      this.#input.value = '';
    } catch (error) {
      this.#error.textContent = error instanceof RequestError ? error.message : 'Not sent; try again.';
      show(this.#error, true);
    }
  }
}
