/** The text of the bench's comment number `seq`: its send time in ms and its number, e.g. "t=1764110000000 n=42". */
export function commentText(seq: number): string {
  return `t=${Date.now()} n=${seq}`;
}

export function parseCommentText(text: string): { sentAtMs: number; seq: number } {
  const match = /^t=(\d+) n=(\d+)/.exec(text);
  return { sentAtMs: Number(match?.[1]), seq: Number(match?.[2]) };
}

/**
 * One viewer's comments, checked by their numbers: each must arrive once and in order, so every
 * run (one comment:new, or the first to the last comment of a comment:batch) must start where the
 * previous one ended.
 */
export class CommentSequence {
  received = 0;
  /** Runs that did not start where the previous ended: a comment lost, repeated or out of order. */
  breaks = 0;
  #next = 0;

  addRun(firstSeq: number, lastSeq: number): void {
    if (firstSeq !== this.#next) this.breaks++;
    this.received += lastSeq - firstSeq + 1;
    this.#next = Math.max(this.#next, lastSeq + 1);
  }

  /** Every one of the `sent` comments, once, in order. */
  isComplete(sent: number): boolean {
    return this.breaks === 0 && this.received === sent;
  }
}
