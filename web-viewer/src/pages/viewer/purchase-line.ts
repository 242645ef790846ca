import type { PurchaseNewPayload } from '../../../../server/src/realtime/contract.ts';
import { byId, show } from '../../lib/dom.ts';

/** How long a "just bought" line stays over the chat. */
const SHOWN_FOR_MS = 6000;

/** "Mei L. just bought Longjing green tea" (and how many others meanwhile), as the server batches them. */
export function purchaseText(purchase: Pick<PurchaseNewPayload, 'displayName' | 'productTitle' | 'others'>): string {
  const others = purchase.others > 0 ? ` and ${purchase.others} ${purchase.others === 1 ? 'other' : 'others'}` : '';
  return `${purchase.displayName}${others} just bought ${purchase.productTitle}`;
}

/**
 * The room's "just bought" line above the chat: each `purchase:new` shows for a few seconds, then
 * fades. Screen readers hear it through the chat announcer's summary, not from this line.
 */
export class PurchaseLine {
  readonly #line = byId('purchase-line');
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(purchase: PurchaseNewPayload): void {
    clearTimeout(this.#timer);
    this.#line.textContent = purchaseText(purchase);
    show(this.#line, true);
    this.#line.classList.remove('is-new');
    // Reading layout restarts the entrance animation for a line that replaces another.
    void this.#line.offsetWidth;
    this.#line.classList.add('is-new');
    this.#timer = setTimeout(() => show(this.#line, false), SHOWN_FOR_MS);
  }
}
