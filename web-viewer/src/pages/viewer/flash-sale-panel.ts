import type { FlashSaleUpdatePayload } from '../../../../server/src/realtime/contract.ts';
import { ApiError, api, type Product } from '../../lib/api.ts';
import { every, formatCountdown } from '../../lib/countdown.ts';
import { h, show } from '../../lib/dom.ts';
import { type FlashSale, getFlashSale, giveBackHold, type Reservation, reserveUnits } from '../../lib/flash-sale-api.ts';
import { formatMoney } from '../../lib/format.ts';
import type { Session } from '../../lib/session.ts';

declare global {
  interface WindowEventMap {
    /** A viewer now holds flash-sale units; a checkout can take it from here. */
    'streamcart:flash-sale-reserved': CustomEvent<Reservation>;
  }
}

const REFUSALS: Record<string, string> = {
  SOLD_OUT: 'Sold out: every unit is taken right now. Units come back when holds lapse.',
  PURCHASE_LIMIT_REACHED: 'You have reached the limit for this sale.',
  SALE_NOT_ACTIVE: 'The sale is not open.',
  UNAUTHENTICATED: 'Sign in to buy.',
};

/** The sale's terms for one product while it runs, for the pinned card (see PinnedCard). */
export interface SaleOffer {
  priceCents: number;
  currency: string;
  stockText: string;
  label: string;
  disabled: boolean;
}

type Phase = 'scheduled' | 'opening' | 'live' | 'sold-out' | 'ended';

/**
 * The stream's flash sale on the viewer page: a countdown before it opens, a live stock bar,
 * a Buy button that reserves, and the hold's own countdown until it lapses.
 */
export class FlashSalePanel {
  readonly #session: () => Session | undefined;
  readonly #askToSignIn: () => void;
  readonly #onChange: (panel: FlashSalePanel) => void;
  readonly #root: HTMLElement;
  readonly #badge = h('span', { className: 'badge badge-flash' }, 'Flash sale');
  readonly #timer = h('span', { className: 'flash-timer', attrs: { id: 'flash-timer', role: 'timer' } });
  readonly #image = h('img', { attrs: { alt: '', width: '64', height: '64' } });
  readonly #title = h('h2', { className: 'flash-title' });
  readonly #price = h('span', { className: 'flash-price' });
  readonly #listPrice = h('s', { className: 'muted small' });
  readonly #bar = h('span', { className: 'stock-fill' });
  readonly #barTrack = h(
    'div',
    { className: 'stock-bar', attrs: { role: 'progressbar', 'aria-label': 'Units left', 'aria-valuemin': '0' } },
    this.#bar,
  );
  readonly #stock = h('p', { className: 'small muted flash-stock', attrs: { id: 'flash-stock' } });
  readonly #quantity = h('select', { attrs: { id: 'flash-quantity', 'aria-label': 'Quantity' } });
  readonly #buy = h('button', { className: 'button button-live flash-buy', attrs: { id: 'flash-buy', type: 'button' } }, 'Buy now');
  readonly #holdTimer = h('strong', { attrs: { id: 'flash-hold-timer' } });
  readonly #holdText = h('span');
  readonly #giveBack = h('button', { className: 'link-button small', attrs: { type: 'button' } }, 'Give it back');
  readonly #checkOut = h('button', { className: 'button flash-checkout', attrs: { id: 'flash-checkout', type: 'button' } }, 'Check out');
  readonly #hold = h(
    'div',
    { className: 'flash-hold', attrs: { id: 'flash-hold', role: 'status' } },
    this.#holdText,
    ' · pay within ',
    this.#holdTimer,
    ' ',
    this.#giveBack,
    this.#checkOut,
  );
  readonly #error = h('p', { className: 'form-error', attrs: { id: 'flash-error', role: 'alert' } });

  #sale: FlashSale | undefined;
  #product: Product | undefined;
  #reservation: Reservation | undefined;
  #isBusy = false;
  /** Units this viewer already ordered from the sale (this browser's count, or the limit once the server refused). */
  #taken = 0;

  constructor(deps: {
    root: HTMLElement;
    session: () => Session | undefined;
    /** A signed-out viewer pressed Buy: the sign-in dialog opens on top (the countdown keeps running). */
    askToSignIn: () => void;
    /** After every render: the pinned card mirrors the sale's offer. */
    onChange?: (panel: FlashSalePanel) => void;
  }) {
    this.#root = deps.root;
    this.#session = deps.session;
    this.#askToSignIn = deps.askToSignIn;
    this.#onChange = deps.onChange ?? (() => {});
    this.#root.replaceChildren(
      h('div', { className: 'flash-head' }, this.#badge, this.#timer),
      h(
        'div',
        { className: 'flash-product' },
        this.#image,
        h('div', {}, this.#title, h('p', { className: 'flash-prices' }, this.#price, ' ', this.#listPrice)),
      ),
      this.#barTrack,
      this.#stock,
      h(
        'div',
        { className: 'flash-actions' },
        h('label', { className: 'flash-quantity' }, h('span', { className: 'small muted' }, 'Qty'), this.#quantity),
        this.#buy,
      ),
      this.#hold,
      this.#error,
    );
    show(this.#root, false);
    show(this.#hold, false);
    show(this.#error, false);
    this.#buy.addEventListener('click', () => void this.reserve());
    this.#giveBack.addEventListener('click', () => void this.#giveBackHold());
    this.#checkOut.addEventListener('click', () => {
      if (this.#reservation) window.dispatchEvent(new CustomEvent('streamcart:flash-sale-reserved', { detail: this.#reservation }));
    });
    // An order used the hold up: it is the checkout's now.
    window.addEventListener('streamcart:order-placed', ({ detail }) => {
      if (!detail.reservationId || detail.reservationId !== this.#reservation?.reservationId) return;
      this.#setTaken(this.#taken + this.#reservation.quantity);
      this.#forgetReservation();
      this.#render();
    });
    every(250, () => this.#render());
  }

  /** Shows the stream's sale (from the join snapshot), or hides the panel when there is none. */
  async showSale(saleId: string | null | undefined): Promise<void> {
    if (!saleId) {
      this.#sale = undefined;
      this.#render();
      return;
    }
    const sale = await getFlashSale(saleId);
    if (sale.productId !== this.#product?.id)
      this.#product = await api<Product>('GET', `/api/products/${encodeURIComponent(sale.productId)}`).catch(() => undefined);
    this.#sale = sale;
    this.#reservation = this.#restoreReservation(sale.id);
    this.#taken = Number(localStorage.getItem(this.#takenKey(sale.id))) || 0;
    this.#fillQuantities(sale.perUserLimit);
    this.#render();
  }

  /** A `flashsale:update` for the stream: open, close, or stock that moved. */
  onUpdate(update: FlashSaleUpdatePayload): void {
    if (update.id !== this.#sale?.id) {
      // Another sale of the stream: it takes the panel when it opens, or when the current one is over.
      const isCurrentOver = !this.#sale || this.#sale.status === 'ended' || this.#sale.status === 'cancelled';
      if (update.status === 'live' || (update.status === 'scheduled' && isCurrentOver)) void this.showSale(update.id).catch(() => {});
      return;
    }
    this.#sale = { ...this.#sale, status: update.status as FlashSale['status'], remaining: update.remaining };
    this.#render();
  }

  /** The sale's terms for `productId` while it is open (null when no sale of it runs). */
  offerFor(productId: string | null): SaleOffer | undefined {
    const sale = this.#sale;
    if (!sale || !productId || sale.productId !== productId) return undefined;
    const phase = this.#phase(sale, Date.now());
    if (phase !== 'live' && phase !== 'sold-out') return undefined;
    const { label, disabled } = this.#buyState(sale, phase);
    return {
      priceCents: sale.priceCents,
      currency: sale.currency,
      stockText: `${sale.remaining} of ${sale.quantity} left`,
      label,
      disabled,
    };
  }

  /** Buy: reserves units (a signed-out viewer is asked to sign in first). */
  async reserve(): Promise<void> {
    const sale = this.#sale;
    const session = this.#session();
    if (!sale || this.#isBusy) return;
    if (!session) {
      this.#askToSignIn();
      return;
    }
    // A hold that is not paid yet: Buy takes the viewer back to its checkout.
    if (this.#reservation && this.#isAtLimit(sale)) {
      window.dispatchEvent(new CustomEvent('streamcart:flash-sale-reserved', { detail: this.#reservation }));
      return;
    }
    this.#isBusy = true;
    this.#fail(undefined);
    // One key per press: a retry after a network error gets the same hold, never a second one.
    const key = crypto.randomUUID();
    const quantity = Number(this.#quantity.value) || 1;
    try {
      const reservation = await reserveUnits(session.token, sale.id, quantity, key).catch((error: unknown) => {
        if (error instanceof ApiError) throw error;
        return reserveUnits(session.token, sale.id, quantity, key);
      });
      this.#reservation = reservation;
      sessionStorage.setItem(this.#storageKey(sale.id), JSON.stringify(reservation));
      if (this.#sale) this.#sale = { ...this.#sale, remaining: Math.min(this.#sale.remaining, reservation.remaining) };
      window.dispatchEvent(new CustomEvent('streamcart:flash-sale-reserved', { detail: reservation }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'PURCHASE_LIMIT_REACHED') this.#setTaken(Math.max(this.#taken, sale.perUserLimit));
      this.#fail(error instanceof ApiError ? (REFUSALS[error.code] ?? error.message) : 'Could not reach the shop; try again.');
    } finally {
      this.#isBusy = false;
      this.#render();
    }
  }

  async #giveBackHold(): Promise<void> {
    const sale = this.#sale;
    const reservation = this.#reservation;
    const session = this.#session();
    if (!sale || !reservation || !session) return;
    await giveBackHold(session.token, sale.id, reservation.reservationId).catch(() => {});
    this.#forgetReservation();
    this.#render();
  }

  #render(): void {
    const sale = this.#sale;
    show(this.#root, Boolean(sale) && sale?.status !== 'cancelled');
    if (!sale) {
      this.#onChange(this);
      return;
    }
    const now = Date.now();
    const phase = this.#phase(sale, now);
    this.#root.dataset.phase = phase;

    this.#timer.textContent =
      phase === 'scheduled'
        ? `Starts in ${formatCountdown(Date.parse(sale.startsAt) - now)}`
        : phase === 'opening'
          ? 'Opening…'
          : phase === 'ended'
            ? 'Ended'
            : `Ends in ${formatCountdown(Date.parse(sale.endsAt) - now)}`;
    const product = this.#product;
    this.#title.textContent = product?.title ?? 'Flash sale';
    show(this.#image, Boolean(product?.imageUrl));
    if (product?.imageUrl && this.#image.getAttribute('src') !== product.imageUrl) this.#image.src = product.imageUrl;
    this.#price.textContent = formatMoney(sale.priceCents, sale.currency);
    this.#listPrice.textContent = product && product.priceCents > sale.priceCents ? formatMoney(product.priceCents, product.currency) : '';

    this.#bar.style.width = `${sale.quantity > 0 ? (100 * sale.remaining) / sale.quantity : 0}%`;
    this.#barTrack.setAttribute('aria-valuemax', String(sale.quantity));
    this.#barTrack.setAttribute('aria-valuenow', String(sale.remaining));
    this.#stock.textContent =
      phase === 'scheduled' || phase === 'opening'
        ? `${sale.quantity} units · up to ${sale.perUserLimit} per buyer`
        : `${sale.remaining} of ${sale.quantity} left · up to ${sale.perUserLimit} per buyer`;

    const buyState = this.#buyState(sale, phase);
    this.#buy.disabled = buyState.disabled;
    this.#buy.textContent = buyState.label;
    const limitNote = buyState.label === 'Limit reached' ? ` (${sale.perUserLimit} per buyer)` : '';
    this.#buy.setAttribute('aria-label', `${buyState.label}${limitNote}: ${product?.title ?? 'flash sale'}`);
    this.#quantity.disabled = buyState.disabled || this.#reservation !== undefined;
    this.#limitQuantities(sale);

    const reservation = this.#reservation;
    if (reservation && Date.parse(reservation.expiresAt) <= now) {
      this.#forgetReservation();
      this.#fail('Your reservation lapsed and its units went back to the sale.');
    }
    show(this.#hold, Boolean(this.#reservation));
    if (this.#reservation) {
      this.#holdText.textContent = `You hold ${this.#reservation.quantity} at ${formatMoney(sale.priceCents, sale.currency)}`;
      this.#holdTimer.textContent = formatCountdown(Date.parse(this.#reservation.expiresAt) - now);
    }
    this.#onChange(this);
  }

  /**
   * What Buy says and whether it works: sold out and the per-buyer limit say so and are disabled;
   * an unpaid hold at the limit offers its checkout instead of a second hold.
   */
  #buyState(sale: FlashSale, phase: Phase): { label: string; disabled: boolean } {
    if (phase === 'ended') return { label: 'Sale over', disabled: true };
    if (phase === 'scheduled' || phase === 'opening') return { label: 'Buy now', disabled: true };
    if (this.#isAtLimit(sale)) {
      return this.#reservation ? { label: 'Check out', disabled: false } : { label: 'Limit reached', disabled: true };
    }
    if (phase === 'sold-out') return { label: 'Sold out', disabled: true };
    return { label: this.#isBusy ? 'Reserving…' : 'Buy now', disabled: this.#isBusy };
  }

  /** Units ordered plus units held reach the sale's per-buyer limit. */
  #isAtLimit(sale: FlashSale): boolean {
    return this.#session() !== undefined && this.#taken + (this.#reservation?.quantity ?? 0) >= sale.perUserLimit;
  }

  /** Only as many as the viewer may still take are offered in the quantity picker. */
  #limitQuantities(sale: FlashSale): void {
    const left = Math.max(1, sale.perUserLimit - this.#taken - (this.#reservation?.quantity ?? 0));
    for (const option of this.#quantity.options) option.disabled = Number(option.value) > left;
    if (Number(this.#quantity.value) > left) this.#quantity.value = String(left);
  }

  #setTaken(units: number): void {
    this.#taken = units;
    if (this.#sale) localStorage.setItem(this.#takenKey(this.#sale.id), String(units));
  }

  #takenKey(saleId: string): string {
    return `streamcart.flash-taken.${saleId}.${this.#session()?.user.id ?? ''}`;
  }

  #phase(sale: FlashSale, now: number): Phase {
    if (sale.status === 'ended' || sale.status === 'cancelled') return 'ended';
    // The server opens the sale; until its update arrives the countdown reads "Opening…".
    if (sale.status === 'scheduled') return Date.parse(sale.startsAt) > now ? 'scheduled' : 'opening';
    if (Date.parse(sale.endsAt) <= now) return 'ended';
    return sale.remaining > 0 ? 'live' : 'sold-out';
  }

  #fillQuantities(perUserLimit: number): void {
    const options = Array.from({ length: Math.min(perUserLimit, 10) }, (_, i) =>
      h('option', { attrs: { value: String(i + 1) } }, String(i + 1)),
    );
    this.#quantity.replaceChildren(...options);
  }

  #fail(message: string | undefined): void {
    this.#error.textContent = message ?? '';
    show(this.#error, Boolean(message));
  }

  #storageKey(saleId: string): string {
    return `streamcart.hold.${saleId}.${this.#session()?.user.id ?? ''}`;
  }

  /** A hold made before a reload (same tab), while it still runs. */
  #restoreReservation(saleId: string): Reservation | undefined {
    try {
      const stored = JSON.parse(sessionStorage.getItem(this.#storageKey(saleId)) ?? 'null') as Reservation | null;
      return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : undefined;
    } catch {
      return undefined;
    }
  }

  #forgetReservation(): void {
    if (this.#sale) sessionStorage.removeItem(this.#storageKey(this.#sale.id));
    this.#reservation = undefined;
  }
}
