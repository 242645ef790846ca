import { byId } from '../../lib/dom.ts';

/** A screen reader hears at most one chat summary this often. */
const SUMMARY_EVERY_MS = 10_000;
const QUOTE_MAX = 80;

/**
 * The chat's polite announcer. A busy chat would flood a screen reader if every comment were
 * read, so comments and purchases are counted and one summary is spoken at most every ten
 * seconds ("4 new comments, latest from Ana: …; Mei L. just bought …"). Comments that name the
 * viewer are always quoted in the next summary.
 */
export class ChatAnnouncer {
  readonly #region = byId('chat-announcer');
  readonly #me: () => string | undefined;
  #comments = 0;
  #latest: { author: string; text: string } | undefined;
  #mention: { author: string; text: string } | undefined;
  #purchase: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastAt = 0;

  constructor(options: { myName: () => string | undefined }) {
    this.#me = options.myName;
  }

  comment(author: string, text: string): void {
    this.#comments += 1;
    this.#latest = { author, text };
    const me = this.#me()?.trim().toLowerCase();
    if (me && text.toLowerCase().includes(`@${me.split(/\s+/)[0]}`)) this.#mention = { author, text };
    this.#schedule();
  }

  purchase(line: string): void {
    this.#purchase = line;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) return;
    const wait = Math.max(0, this.#lastAt + SUMMARY_EVERY_MS - Date.now());
    this.#timer = setTimeout(() => this.#speak(), Math.max(wait, 1000));
  }

  #speak(): void {
    this.#timer = undefined;
    this.#lastAt = Date.now();
    const parts: string[] = [];
    const quote = (c: { author: string; text: string }) =>
      `${c.author}: ${c.text.length > QUOTE_MAX ? `${c.text.slice(0, QUOTE_MAX)}…` : c.text}`;
    if (this.#mention) parts.push(`${this.#mention.author} mentioned you. ${quote(this.#mention)}`);
    else if (this.#comments === 1 && this.#latest) parts.push(`New comment from ${quote(this.#latest)}`);
    else if (this.#comments > 1 && this.#latest) parts.push(`${this.#comments} new comments, latest from ${quote(this.#latest)}`);
    if (this.#purchase) parts.push(this.#purchase);
    this.#comments = 0;
    this.#latest = undefined;
    this.#mention = undefined;
    this.#purchase = undefined;
    this.#region.textContent = parts.join('. ');
  }
}
