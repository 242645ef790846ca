import '../../styles/studio-live.css';
import type { CommentPayload } from '../../../../server/src/realtime/contract.ts';
import { ApiError } from '../../lib/api.ts';
import { h, show } from '../../lib/dom.ts';
import { formatClock } from '../../lib/format.ts';
import type { ShowcaseEditor } from '../../lib/showcase-api.ts';
import { type LiveSocket, RequestError, request } from '../../lib/socket.ts';

const MAX_COMMENTS = 200;

/**
 * The studio's live comment feed (always text, never HTML), each comment with Reply, Pin (above
 * every viewer's chat), Delete (comment:delete, everyone's copy goes away) and Mute / Unmute for
 * its author. The KOL writes from the box under it; their comments carry the Host badge.
 */
export class CommentFeed {
  readonly root = h('section', {
    className: 'card studio-comments',
    attrs: { id: 'comment-feed', 'aria-labelledby': 'comment-feed-title' },
  });
  readonly #list = h('ol', { className: 'feed', attrs: { id: 'studio-comments', 'aria-live': 'polite' } });
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  readonly #pinned = h('div', { className: 'pinned-comment', attrs: { id: 'studio-pinned-comment' } });
  readonly #replyBar = h('p', { className: 'reply-bar small', attrs: { id: 'studio-reply-to' } });
  readonly #input = h('input', {
    className: 'input',
    attrs: {
      id: 'studio-comment-input',
      type: 'text',
      maxlength: '500',
      placeholder: 'Say something to your viewers…',
      'aria-label': 'Your comment',
    },
  });
  #replyTo: CommentPayload | undefined;
  readonly #socket: LiveSocket;
  readonly #streamId: string;
  readonly #editor: ShowcaseEditor;
  readonly #selfId: string;
  /** Users muted in this stream, loaded from the server and kept as the studio changes them. */
  readonly #muted = new Set<string>();

  constructor(options: { socket: LiveSocket; streamId: string; editor: ShowcaseEditor; selfId: string }) {
    this.#socket = options.socket;
    this.#streamId = options.streamId;
    this.#editor = options.editor;
    this.#selfId = options.selfId;
    const send = h('button', { className: 'button button-small', attrs: { type: 'submit', id: 'studio-comment-send' } }, 'Send');
    const composer = h('form', { className: 'studio-composer', attrs: { id: 'studio-composer' } }, this.#input, send);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send(send);
    });
    this.root.append(
      h('header', { className: 'panel-header' }, h('h2', { attrs: { id: 'comment-feed-title' } }, 'Comments')),
      this.#pinned,
      this.#list,
      this.#replyBar,
      composer,
      this.#error,
    );
    show(this.#error, false);
    this.#setReply(undefined);
    this.setPinned(null);
    options.socket.on('comment:new', (comment) => {
      if (comment.streamId === this.#streamId) this.#append(comment);
    });
    options.socket.on('comment:deleted', ({ id }) => this.#find(id)?.remove());
    options.socket.on('comment:pinned', (event) => {
      if (event.streamId === this.#streamId) this.setPinned(event.comment);
    });
  }

  /** Shows the comment pinned above the viewers' chat, with Unpin; null hides it. */
  setPinned(comment: CommentPayload | null): void {
    show(this.#pinned, comment !== null);
    for (const item of this.#list.querySelectorAll<HTMLElement>('.feed-item'))
      item.classList.toggle('is-pinned', item.dataset.commentId === comment?.id);
    if (!comment) {
      this.#pinned.replaceChildren();
      return;
    }
    const unpin = h('button', { className: 'feed-action', attrs: { type: 'button', 'data-action': 'unpin-comment' } }, 'Unpin');
    unpin.addEventListener('click', () => this.#pin(null, unpin));
    this.#pinned.replaceChildren(
      h('span', { className: 'eyebrow' }, 'Pinned'),
      h('span', { className: 'comment-author' }, comment.displayName),
      h('span', { className: 'comment-text' }, comment.text),
      unpin,
    );
  }

  #send(button: HTMLButtonElement): void {
    const text = this.#input.value.trim();
    if (!text) return;
    button.disabled = true;
    show(this.#error, false);
    const replyTo = this.#replyTo?.id;
    request(this.#socket, 'comment:send', { streamId: this.#streamId, text, ...(replyTo ? { replyTo } : {}) }).then(
      ({ comment }) => {
        button.disabled = false;
        this.#input.value = '';
        this.#setReply(undefined);
        this.#append(comment);
      },
      (error: unknown) => {
        button.disabled = false;
        this.#fail('Could not send', error);
      },
    );
  }

  #setReply(comment: CommentPayload | undefined): void {
    this.#replyTo = comment;
    show(this.#replyBar, comment !== undefined);
    if (!comment) {
      this.#replyBar.replaceChildren();
      return;
    }
    const cancel = h('button', { className: 'link-button small', attrs: { type: 'button', 'aria-label': 'Cancel the reply' } }, '×');
    cancel.addEventListener('click', () => this.#setReply(undefined));
    this.#replyBar.replaceChildren(`Replying to ${comment.displayName}: “${comment.text}” `, cancel);
    this.#input.focus();
  }

  #pin(commentId: string | null, button: HTMLButtonElement): void {
    button.disabled = true;
    show(this.#error, false);
    request(this.#socket, 'comment:pin', { streamId: this.#streamId, commentId }).then(
      ({ comment }) => {
        button.disabled = false;
        this.setPinned(comment);
      },
      (error: unknown) => {
        button.disabled = false;
        this.#fail(commentId ? 'Could not pin' : 'Could not unpin', error);
      },
    );
  }

  reset(comments: CommentPayload[]): void {
    this.#list.replaceChildren();
    for (const comment of comments) this.#append(comment);
    this.#editor.mutedUserIds().then(
      (ids) => {
        this.#muted.clear();
        for (const id of ids) this.#muted.add(id);
        for (const id of new Set(comments.map((c) => c.userId))) this.#renderMute(id);
      },
      (error: unknown) => this.#fail('Could not load the muted users', error),
    );
  }

  #find(commentId: string): Element | null {
    return this.#list.querySelector(`[data-comment-id="${CSS.escape(commentId)}"]`);
  }

  #fail(what: string, error: unknown): void {
    this.#error.textContent =
      error instanceof RequestError || error instanceof ApiError ? `${what}: ${error.message}` : `${what}; try again.`;
    show(this.#error, true);
  }

  #append(comment: CommentPayload): void {
    if (this.#find(comment.id)) return;
    const atBottom = this.#list.scrollTop + this.#list.clientHeight >= this.#list.scrollHeight - 8;
    const remove = h(
      'button',
      { className: 'feed-action', attrs: { type: 'button', 'data-action': 'delete', 'aria-label': 'Delete comment' } },
      'Delete',
    );
    remove.addEventListener('click', () => {
      remove.disabled = true;
      show(this.#error, false);
      request(this.#socket, 'comment:delete', { streamId: this.#streamId, commentId: comment.id }).then(
        () => this.#find(comment.id)?.remove(),
        (error: unknown) => {
          remove.disabled = false;
          this.#fail('Could not delete', error);
        },
      );
    });
    const isOwn = comment.userId === this.#selfId;
    const mute = isOwn
      ? null
      : h('button', { className: 'feed-action', attrs: { type: 'button', 'data-action': 'mute', 'data-user-id': comment.userId } });
    mute?.addEventListener('click', () => void this.#toggleMute(comment.userId, comment.displayName));
    const reply = h(
      'button',
      { className: 'feed-action', attrs: { type: 'button', 'data-action': 'reply', 'aria-label': `Reply to ${comment.displayName}` } },
      'Reply',
    );
    reply.addEventListener('click', () => this.#setReply(comment));
    const pin = h(
      'button',
      {
        className: 'feed-action',
        attrs: { type: 'button', 'data-action': 'pin-comment', 'aria-label': `Pin ${comment.displayName}'s comment` },
      },
      'Pin',
    );
    pin.addEventListener('click', () => this.#pin(comment.id, pin));
    const item = h(
      'li',
      { className: 'feed-item', attrs: { 'data-comment-id': comment.id, 'data-user-id': comment.userId } },
      comment.replyTo
        ? h('p', { className: 'comment-quote small muted' }, `↪ ${comment.replyTo.displayName}: ${comment.replyTo.text}`)
        : null,
      h(
        'p',
        { className: 'feed-line' },
        h('span', { className: 'comment-author' }, comment.displayName),
        comment.isHost ? h('span', { className: 'host-badge' }, 'Host') : null,
        comment.fanLevel
          ? h('span', { className: 'level-badge', attrs: { title: `Fan level ${comment.fanLevel}` } }, `Lv ${comment.fanLevel}`)
          : null,
        h('span', { className: 'muted-tag' }, 'muted'),
        h('span', { className: 'comment-text' }, comment.text),
      ),
      h(
        'span',
        { className: 'feed-meta' },
        h('time', { className: 'comment-time', attrs: { datetime: comment.at } }, formatClock(comment.at)),
        reply,
        pin,
        remove,
        mute,
      ),
    );
    this.#list.append(item);
    this.#renderMute(comment.userId);
    while (this.#list.children.length > MAX_COMMENTS) this.#list.firstElementChild?.remove();
    if (atBottom) this.#list.scrollTop = this.#list.scrollHeight;
  }

  async #toggleMute(userId: string, displayName: string): Promise<void> {
    const isMuted = !this.#muted.has(userId);
    if (isMuted && !confirm(`Mute ${displayName} in this stream? They will not be able to comment until you unmute them.`)) return;
    show(this.#error, false);
    try {
      await this.#editor.mute(userId, isMuted);
      if (isMuted) this.#muted.add(userId);
      else this.#muted.delete(userId);
      this.#renderMute(userId);
    } catch (error) {
      this.#fail(isMuted ? 'Could not mute' : 'Could not unmute', error);
    }
  }

  #renderMute(userId: string): void {
    const isMuted = this.#muted.has(userId);
    for (const item of this.#list.querySelectorAll<HTMLElement>(`.feed-item[data-user-id="${CSS.escape(userId)}"]`)) {
      item.classList.toggle('is-muted', isMuted);
      const button = item.querySelector<HTMLButtonElement>('[data-action="mute"]');
      if (button) button.textContent = isMuted ? 'Unmute' : 'Mute';
    }
  }
}
