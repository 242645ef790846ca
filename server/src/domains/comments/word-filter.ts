// Control and invisible formatting characters (bidi overrides, zero-width) never reach other viewers.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Cleans user text for display: control characters removed, blocked words masked. */
export class WordFilter {
  readonly #blocked: RegExp | undefined;

  constructor(blockedWords: readonly string[]) {
    const escaped = blockedWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.#blocked = escaped.length ? new RegExp(escaped.join('|'), 'giu') : undefined;
  }

  clean(text: string): string {
    const stripped = text.replace(CONTROL_CHARS, '').trim();
    return this.#blocked ? stripped.replace(this.#blocked, (word) => '*'.repeat([...word].length)) : stripped;
  }
}
