import { ADDRESS_FIELDS, type AddressField, checkAddressField, countryName, fieldOfDetailPath, validateAddress } from './address.ts';
import { ApiError, api, type Product } from './api.ts';
import { every, formatCountdown } from './countdown.ts';
import { h, show } from './dom.ts';
import { getFlashSale, type Reservation } from './flash-sale-api.ts';
import { formatMoney } from './format.ts';
import { mountLoginForm } from './login-form.ts';
import {
  getOrder,
  ORDER_STATUS_LABELS,
  OrderRequestError,
  type OrderSource,
  type OrderStatus,
  type PlacedOrder,
  payInSandbox,
  placeOrder,
  type ShippingAddress,
} from './orders-api.ts';
import { SavedAddressPicker } from './saved-addresses.ts';
import type { Session } from './session.ts';
import type { LiveSocket } from './socket.ts';

declare global {
  interface WindowEventMap {
    /** An order now exists for a checkout; a flash-sale hold it came from is used up. */
    'streamcart:order-placed': CustomEvent<{ orderId: string; reservationId: string | undefined }>;
  }
}

/** A product as the pages know it (the pinned product, a feed item). */
export interface CheckoutProduct {
  id: string;
  title: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  stock?: number | undefined;
}

/** What a checkout buys: a flash-sale hold (sale price), or a product at list price. */
export type CheckoutRequest =
  | { kind: 'hold'; reservation: Reservation; streamId?: string | undefined }
  | { kind: 'product'; product: CheckoutProduct; streamId?: string | undefined };

interface Line {
  title: string;
  imageUrl: string | null;
  unitPriceCents: number;
  listPriceCents: number | undefined;
  currency: string;
  maxQuantity: number;
}

interface Checkout {
  request: CheckoutRequest;
  line: Line | undefined;
  quantity: number;
  /** One key per checkout: a retry after a lost answer gets the same order, never a second. */
  idempotencyKey: string;
  order: (PlacedOrder & { currency: string }) | undefined;
  status: OrderStatus | undefined;
  isPaymentDeclined: boolean;
  isWaitingForPayment: boolean;
  address: ShippingAddress | undefined;
}

const MESSAGES: Record<string, string> = {
  HOLD_EXPIRED: 'Your hold ran out before the order was placed, and its units went back to the sale. Press Buy again if any are left.',
  HOLD_ALREADY_SOLD: 'This hold has already been paid for.',
  RESERVATION_ALREADY_ORDERED: 'This hold already has an order.',
  SOLD_OUT: 'Sold out: every unit is taken right now.',
  OUT_OF_STOCK: 'Not enough stock left for this quantity. Try fewer.',
  SALE_NOT_ACTIVE: 'The flash sale is not open any more.',
  PRODUCT_NOT_AVAILABLE: 'This product is not on sale any more.',
  PAYMENT_NOT_PENDING: 'This order can no longer be paid.',
  UNAUTHENTICATED: 'Your session ended. Sign in again to buy.',
  RATE_LIMITED: 'Too many tries at once. Wait a moment and try again.',
};

/** The sheet's status line: while the buyer is paying, it waits for that payment. */
const STATUS_TEXT: Readonly<Record<OrderStatus, string>> = { ...ORDER_STATUS_LABELS, pending_payment: 'Waiting for payment' };

const STATUS_RANK: Record<OrderStatus, number> = {
  pending_payment: 0,
  paid: 1,
  shipped: 2,
  delivered: 3,
  completed: 4,
  cancelled: 5,
  refunded: 5,
};

const STEPS: { status: OrderStatus; label: string }[] = [
  { status: 'pending_payment', label: 'Ordered' },
  { status: 'paid', label: 'Paid' },
  { status: 'shipped', label: 'Shipped' },
  { status: 'delivered', label: 'Delivered' },
];

/**
 * The checkout sheet: a dialog over the page (the stream keeps playing behind it) with the item,
 * a shipping address with inline checks, the server's total, "Pay with sandbox", and then the
 * order's status as `order:update` reports it. Closing it with an unpaid checkout leaves a
 * "resume" button on the page.
 */
export class CheckoutSheet {
  readonly #session: () => Session | undefined;
  readonly #onSignedIn: (session: Session) => void;
  readonly #dialog = h('dialog', { className: 'checkout', attrs: { id: 'checkout', 'aria-labelledby': 'checkout-title' } });
  readonly #heading = h('h2', { attrs: { id: 'checkout-title' } }, 'Checkout');
  readonly #close = h('button', { className: 'icon-button', attrs: { type: 'button', id: 'checkout-close', 'aria-label': 'Close' } }, '×');
  readonly #image = h('img', { attrs: { alt: '', width: '72', height: '72' } });
  readonly #title = h('p', { className: 'checkout-item-title' });
  readonly #unitPrice = h('span', { className: 'checkout-unit-price' });
  readonly #listPrice = h('s', { className: 'muted small' });
  readonly #holdNote = h('p', { className: 'checkout-hold small', attrs: { id: 'checkout-hold', role: 'timer' } });
  readonly #quantity = h('select', { attrs: { id: 'checkout-quantity', 'aria-label': 'Quantity' } });
  readonly #quantityFixed = h('span', { className: 'small muted' });
  readonly #signIn = h('div', { className: 'checkout-sign-in', attrs: { id: 'checkout-sign-in' } });
  readonly #fieldset = h('fieldset', { className: 'checkout-address' }, h('legend', {}, 'Ship to'));
  readonly #form = h('form', { attrs: { id: 'checkout-form', novalidate: '' } });
  readonly #fields = new Map<AddressField, { input: HTMLInputElement; error: HTMLElement }>();
  readonly #countryHint = h('span', { className: 'field-hint', attrs: { id: 'checkout-country-name', 'aria-live': 'polite' } });
  readonly #total = h('strong', { attrs: { id: 'checkout-total' } });
  readonly #totalNote = h('p', { className: 'small muted', attrs: { id: 'checkout-total-note' } });
  readonly #payButton = h('button', { className: 'button button-live checkout-pay', attrs: { id: 'checkout-pay', type: 'submit' } }, 'Pay');
  readonly #decline = h(
    'button',
    { className: 'link-button small', attrs: { id: 'checkout-decline', type: 'button' } },
    'try a declined payment',
  );
  readonly #error = h('p', { className: 'form-error checkout-error', attrs: { id: 'checkout-error', role: 'alert' } });
  /** Where the error shows while the form is up (above Pay); after paying it moves to the status view. */
  readonly #footerError = h('div');
  readonly #details = h('div', { className: 'checkout-details' });
  readonly #statusIcon = h('div', { className: 'checkout-status-icon', attrs: { 'aria-hidden': 'true' } });
  readonly #status = h('p', { className: 'checkout-status', attrs: { id: 'checkout-status', role: 'status', 'aria-live': 'polite' } });
  readonly #statusText = h('p', { className: 'muted checkout-status-text', attrs: { id: 'checkout-status-text' } });
  readonly #steps = h('ol', { className: 'checkout-steps' });
  readonly #orderLine = h('p', { className: 'small muted', attrs: { id: 'checkout-order' } });
  readonly #ordersLink = h(
    'p',
    { className: 'small checkout-orders-link' },
    h('a', { attrs: { href: '/orders', id: 'checkout-my-orders' } }, 'Follow it in My orders'),
  );
  readonly #payAgain = h('button', { className: 'button button-live', attrs: { id: 'checkout-pay-again', type: 'button' } }, 'Pay again');
  readonly #back = h(
    'button',
    { className: 'button button-outline', attrs: { id: 'checkout-back', type: 'button' } },
    'Back to the stream',
  );
  readonly #done = h('div', { className: 'checkout-done', attrs: { id: 'checkout-done' } });
  readonly #resume = h('button', { className: 'button checkout-resume', attrs: { id: 'checkout-resume', type: 'button' } });

  #checkout: Checkout | undefined;
  #isBusy = false;
  #touched = new Set<AddressField>();
  #login: { remove(): void } | undefined;
  #addressFor: string | undefined;
  /** The buyer's address book on the account (the default fills the form). */
  readonly #saved = new SavedAddressPicker({ fill: (address, why) => this.#applySaved(address, why) });

  constructor(deps: {
    socket: LiveSocket;
    session: () => Session | undefined;
    /** Called after someone signs in inside the sheet (the page reconnects its socket). */
    onSignedIn: (session: Session) => void;
    /** The label of the button that closes the finished sheet. */
    backLabel?: string;
  }) {
    this.#session = deps.session;
    this.#onSignedIn = deps.onSignedIn;
    if (deps.backLabel) this.#back.textContent = deps.backLabel;
    this.#buildForm();
    this.#dialog.append(
      h('header', { className: 'checkout-head' }, this.#heading, this.#close),
      h(
        'section',
        { className: 'checkout-item', attrs: { 'aria-label': 'Item' } },
        this.#image,
        h(
          'div',
          {},
          this.#title,
          h('p', { className: 'checkout-prices' }, this.#unitPrice, ' ', this.#listPrice),
          h('label', { className: 'checkout-qty' }, h('span', { className: 'small muted' }, 'Qty'), this.#quantity, this.#quantityFixed),
        ),
      ),
      this.#holdNote,
      this.#details,
      this.#done,
    );
    this.#details.append(this.#signIn, this.#form);
    this.#done.append(
      this.#statusIcon,
      this.#status,
      this.#statusText,
      this.#steps,
      this.#orderLine,
      this.#ordersLink,
      h('div', { className: 'checkout-done-actions' }, this.#payAgain, this.#back),
    );
    document.body.append(this.#dialog, this.#resume);
    show(this.#resume, false);

    this.#close.addEventListener('click', () => this.close());
    this.#back.addEventListener('click', () => this.close());
    this.#dialog.addEventListener('close', () => this.#afterClose());
    // A click on the backdrop lands on the dialog element itself.
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.close();
    });
    this.#resume.addEventListener('click', () => this.#show());
    this.#quantity.addEventListener('change', () => {
      if (this.#checkout) this.#checkout.quantity = Number(this.#quantity.value) || 1;
      this.#render();
    });
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#pay('succeeded');
    });
    this.#decline.addEventListener('click', () => void this.#pay('failed'));
    this.#payAgain.addEventListener('click', () => void this.#pay('succeeded'));

    deps.socket.on('order:update', (update) => {
      const checkout = this.#checkout;
      if (!checkout?.order || update.orderId !== checkout.order.id) return;
      checkout.status = update.status as OrderStatus;
      if (checkout.status !== 'pending_payment') checkout.isWaitingForPayment = false;
      this.#render();
    });
    // Updates sent while the socket was away are not replayed: read the order again.
    deps.socket.on('connect', () => void this.#refreshOrder());
    every(500, () => {
      if (this.#checkout?.request.kind === 'hold' && !this.#checkout.order) this.#render();
    });
  }

  /** Opens the sheet for a hold or a product; the same hold reopens its unfinished checkout. */
  async open(request: CheckoutRequest): Promise<void> {
    const current = this.#checkout;
    const isSameHold =
      current?.request.kind === 'hold' &&
      request.kind === 'hold' &&
      current.request.reservation.reservationId === request.reservation.reservationId;
    if (!isSameHold || !current) {
      this.#checkout = {
        request,
        line: undefined,
        quantity: request.kind === 'hold' ? request.reservation.quantity : 1,
        idempotencyKey: crypto.randomUUID(),
        order: undefined,
        status: undefined,
        isPaymentDeclined: false,
        isWaitingForPayment: false,
        address: undefined,
      };
      this.#touched.clear();
      this.#fail(undefined);
      this.#fillAddress();
    }
    this.#show();
    const checkout = this.#checkout;
    if (checkout && !checkout.line) {
      try {
        checkout.line = await this.#loadLine(checkout.request);
      } catch (error) {
        this.#fail(error instanceof ApiError ? error.message : 'Could not load the item; close and try again.');
      }
      if (checkout === this.#checkout) this.#render();
    }
  }

  close(): void {
    if (this.#dialog.open) this.#dialog.close();
  }

  /** Re-reads who is signed in (after a sign-in or sign-out elsewhere on the page). */
  renderSession(): void {
    this.#fillAddress();
    this.#render();
  }

  #show(): void {
    if (!this.#dialog.open) this.#dialog.showModal();
    this.#render();
    const firstEmpty = [...this.#fields.values()].find(({ input }) => input.required && !input.value);
    if (this.#session() && !this.#checkout?.order) (firstEmpty?.input ?? this.#payButton).focus();
  }

  #afterClose(): void {
    this.#login?.remove();
    this.#login = undefined;
    this.#renderResume();
  }

  async #loadLine(request: CheckoutRequest): Promise<Line> {
    if (request.kind === 'product') {
      const p = request.product;
      return {
        title: p.title,
        imageUrl: p.imageUrl,
        unitPriceCents: p.priceCents,
        listPriceCents: undefined,
        currency: p.currency,
        maxQuantity: Math.max(0, Math.min(p.stock ?? 10, 10)),
      };
    }
    const sale = await getFlashSale(request.reservation.saleId);
    const product = await api<Product>('GET', `/api/products/${encodeURIComponent(sale.productId)}`).catch(() => undefined);
    return {
      title: product?.title ?? 'Flash-sale item',
      imageUrl: product?.imageUrl ?? null,
      unitPriceCents: sale.priceCents,
      listPriceCents: product && product.priceCents > sale.priceCents ? product.priceCents : undefined,
      currency: sale.currency,
      maxQuantity: request.reservation.quantity,
    };
  }

  #buildForm(): void {
    const grid = h('div', { className: 'address-grid' });
    for (const spec of ADDRESS_FIELDS) {
      const id = `checkout-${spec.field}`;
      const input = h('input', {
        attrs: {
          id,
          name: spec.field,
          autocomplete: `shipping ${spec.autocomplete}`,
          maxlength: String(spec.maxLength),
          'aria-describedby': `${id}-error`,
          ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
          ...(spec.inputMode ? { inputmode: spec.inputMode } : {}),
        },
      });
      input.required = spec.isRequired;
      const error = h('span', { className: 'field-error', attrs: { id: `${id}-error` } });
      const label = h(
        'label',
        { className: `field field-${spec.field}`, attrs: { for: id } },
        h('span', {}, spec.label, spec.isRequired ? '' : h('span', { className: 'optional' }, ' (optional)')),
      );
      const cell = h('div', { className: `address-cell address-${spec.field}` }, label, input);
      if (spec.field === 'country') {
        input.classList.add('country-input');
        cell.append(this.#countryHint);
        input.addEventListener('input', () => {
          const upper = input.value.toUpperCase();
          if (upper !== input.value) input.value = upper;
        });
      }
      cell.append(error);
      grid.append(cell);
      this.#fields.set(spec.field, { input, error });
      // A field is checked once it has had a value (or after Pay), so tabbing through an empty
      // form does not light it up.
      input.addEventListener('blur', () => {
        if (input.value.trim()) this.#touched.add(spec.field);
        if (this.#touched.has(spec.field)) this.#checkField(spec.field);
      });
      input.addEventListener('input', () => {
        if (spec.field === 'country') this.#renderCountryHint();
        if (this.#touched.has(spec.field)) this.#checkField(spec.field);
      });
    }
    this.#fieldset.append(this.#saved.element, grid);
    this.#form.append(
      this.#fieldset,
      h(
        'div',
        { className: 'checkout-footer' },
        h('div', { className: 'checkout-total-row' }, h('span', {}, 'Total'), this.#total),
        this.#totalNote,
        this.#footerError,
        this.#payButton,
        h('p', { className: 'checkout-sandbox small muted' }, 'Sandbox payment: no real money moves. You can also ', this.#decline, '.'),
      ),
    );
  }

  #values(): Partial<Record<AddressField, string>> {
    return Object.fromEntries([...this.#fields].map(([field, { input }]) => [field, input.value]));
  }

  #checkField(field: AddressField): string | undefined {
    const entry = this.#fields.get(field);
    if (!entry) return undefined;
    const message = checkAddressField(field, entry.input.value);
    this.#setFieldError(field, message);
    return message;
  }

  #setFieldError(field: AddressField, message: string | undefined): void {
    const entry = this.#fields.get(field);
    if (!entry) return;
    entry.error.textContent = message ?? '';
    if (message) entry.input.setAttribute('aria-invalid', 'true');
    else entry.input.removeAttribute('aria-invalid');
  }

  #renderCountryHint(): void {
    const code = this.#fields.get('country')?.input.value.trim().toUpperCase() ?? '';
    this.#countryHint.textContent = countryName(code) ?? '';
  }

  /**
   * A different buyer (sign-in, sign-out) starts from an empty form with the browser's country,
   * then their account's default address once the address book answers; never the last buyer's.
   */
  #fillAddress(): void {
    const session = this.#session();
    const isNewBuyer = session?.user.id !== this.#addressFor;
    this.#addressFor = session?.user.id;
    const region = new Intl.Locale(navigator.language).maximize().region ?? '';
    for (const [field, { input }] of this.#fields) {
      if (isNewBuyer) input.value = field === 'country' ? region : '';
      else if (!input.value && field === 'country') input.value = region;
      this.#setFieldError(field, undefined);
    }
    this.#renderCountryHint();
    if (isNewBuyer) void this.#saved.load(session, { fillDefault: true });
  }

  /** A saved address fills the form: the default only while the buyer has typed nothing, a picked one always. */
  #applySaved(address: ShippingAddress, why: 'default' | 'picked'): void {
    const typed = ['name', 'line1', 'city', 'postalCode'].some((f) => this.#fields.get(f as AddressField)?.input.value.trim());
    if ((why === 'default' && typed) || this.#checkout?.order) return;
    for (const [field, { input }] of this.#fields) {
      input.value = address[field] ?? '';
      this.#setFieldError(field, undefined);
    }
    this.#renderCountryHint();
  }

  async #pay(outcome: 'succeeded' | 'failed'): Promise<void> {
    const checkout = this.#checkout;
    const session = this.#session();
    if (!checkout?.line || this.#isBusy) return;
    if (!session) {
      this.#render();
      return;
    }
    this.#fail(undefined);
    if (!checkout.order) {
      const { address, errors } = validateAddress(this.#values());
      for (const { field } of ADDRESS_FIELDS) {
        this.#touched.add(field);
        this.#setFieldError(field, errors[field]);
      }
      if (!address) {
        const first = ADDRESS_FIELDS.find(({ field }) => errors[field]);
        if (first) this.#fields.get(first.field)?.input.focus();
        this.#fail('Check the highlighted fields.');
        return;
      }
      this.#isBusy = true;
      this.#render();
      try {
        const placed = await this.#placeWithRetry(session.token, checkout, address);
        checkout.order = { ...placed, currency: checkout.line.currency };
        checkout.status = placed.status;
        checkout.address = address;
        void this.#saved.remember(session, address);
        const reservationId = checkout.request.kind === 'hold' ? checkout.request.reservation.reservationId : undefined;
        window.dispatchEvent(new CustomEvent('streamcart:order-placed', { detail: { orderId: placed.id, reservationId } }));
      } catch (error) {
        this.#isBusy = false;
        this.#showOrderError(error);
        this.#render();
        return;
      }
      this.#isBusy = false;
      if (checkout.order.totalCents !== checkout.line.unitPriceCents * checkout.quantity) {
        // The server's total is the one that counts: show it and let the buyer press Pay again.
        this.#render();
        this.#totalNote.textContent = 'The total changed: check it and press Pay again.';
        return;
      }
    }
    await this.#payOrder(session.token, checkout, outcome);
  }

  async #placeWithRetry(token: string, checkout: Checkout, address: ShippingAddress): Promise<PlacedOrder> {
    const streamId = checkout.request.streamId;
    const source: OrderSource =
      checkout.request.kind === 'hold'
        ? { reservationId: checkout.request.reservation.reservationId, ...(streamId ? { streamId } : {}) }
        : { items: [{ productId: checkout.request.product.id, quantity: checkout.quantity }], ...(streamId ? { streamId } : {}) };
    try {
      return await placeOrder(token, source, address, checkout.idempotencyKey);
    } catch (error) {
      // A lost answer (network error): the same key returns the order if it was placed.
      if (error instanceof ApiError) throw error;
      return placeOrder(token, source, address, checkout.idempotencyKey);
    }
  }

  async #payOrder(token: string, checkout: Checkout, outcome: 'succeeded' | 'failed'): Promise<void> {
    const order = checkout.order;
    if (!order) return;
    this.#isBusy = true;
    checkout.isWaitingForPayment = true;
    checkout.isPaymentDeclined = false;
    this.#render();
    try {
      const payment = await payInSandbox(token, order.paymentId, outcome);
      checkout.isPaymentDeclined = payment.status === 'failed';
    } catch (error) {
      this.#fail(error instanceof ApiError ? (MESSAGES[error.code] ?? error.message) : 'Could not reach the payment provider; try again.');
    } finally {
      this.#isBusy = false;
    }
    await this.#refreshOrder();
    checkout.isWaitingForPayment = checkout.status === 'pending_payment' && !checkout.isPaymentDeclined && !this.#error.textContent;
    this.#render();
  }

  async #refreshOrder(): Promise<void> {
    const checkout = this.#checkout;
    const session = this.#session();
    if (!checkout?.order || !session) return;
    try {
      const order = await getOrder(session.token, checkout.order.id);
      // order:update may have moved it further already; statuses only move forward.
      if (checkout.status === undefined || STATUS_RANK[order.status] >= STATUS_RANK[checkout.status]) checkout.status = order.status;
    } catch {
      // The socket's order:update still tells us.
    }
    this.#render();
  }

  #showOrderError(error: unknown): void {
    if (error instanceof OrderRequestError && error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
      let isFieldError = false;
      for (const detail of error.details) {
        const field = fieldOfDetailPath(detail.path);
        if (field) {
          isFieldError = true;
          this.#setFieldError(field, detail.message);
        }
      }
      this.#fail(isFieldError ? 'Check the highlighted fields.' : error.message);
      return;
    }
    if (error instanceof ApiError) {
      this.#fail(MESSAGES[error.code] ?? error.message);
      return;
    }
    this.#fail('Could not reach the shop; check your connection and try again.');
  }

  #fail(message: string | undefined): void {
    this.#error.textContent = message ?? '';
    show(this.#error, Boolean(message));
  }

  #render(): void {
    const checkout = this.#checkout;
    const session = this.#session();
    const line = checkout?.line;
    this.#renderLine(checkout, line);

    const hasOrder = Boolean(checkout?.order);
    const isFinished = hasOrder && (checkout?.isWaitingForPayment || checkout?.isPaymentDeclined || checkout?.status !== 'pending_payment');
    show(this.#details, !isFinished);
    show(this.#done, Boolean(isFinished));
    const errorHome = isFinished ? this.#done : this.#footerError;
    if (this.#error.parentElement !== errorHome) errorHome.append(this.#error);
    this.#dialog.dataset.step = isFinished ? 'status' : 'details';
    this.#heading.textContent = isFinished ? 'Your order' : 'Checkout';

    // Signed out: the sign-in box comes first, and the address waits for it.
    show(this.#form, Boolean(session));
    if (!session && this.#dialog.open && !this.#login) {
      this.#login = mountLoginForm(this.#signIn, {
        title: 'Sign in to buy',
        hint: 'Watching needs no account; buying does.',
        compact: true,
        onSignedIn: (signedIn) => {
          this.#login = undefined;
          this.#onSignedIn(signedIn);
          this.renderSession();
          this.#show();
        },
      });
    } else if (session && this.#login) {
      this.#login.remove();
      this.#login = undefined;
    }
    show(this.#signIn, !session);

    if (!checkout || !line) {
      this.#payButton.disabled = true;
      this.#payButton.textContent = 'Loading…';
      return;
    }
    const holdLapsed = this.#holdLapsed(checkout);
    const totalCents = checkout.order?.totalCents ?? line.unitPriceCents * checkout.quantity;
    this.#total.textContent = formatMoney(totalCents, line.currency);
    if (!checkout.order) this.#totalNote.textContent = line.listPriceCents ? 'Flash-sale price, shipping included.' : 'Shipping included.';
    this.#fieldset.disabled = hasOrder || this.#isBusy;
    this.#payButton.disabled = this.#isBusy || holdLapsed || line.maxQuantity === 0;
    this.#payButton.textContent = this.#isBusy
      ? hasOrder
        ? 'Paying…'
        : 'Placing your order…'
      : line.maxQuantity === 0
        ? 'Sold out'
        : `Pay ${formatMoney(totalCents, line.currency)} with sandbox`;
    this.#decline.disabled = this.#payButton.disabled;
    if (holdLapsed && !this.#error.textContent) this.#fail(MESSAGES.HOLD_EXPIRED);
    if (isFinished) this.#renderStatus(checkout);
    this.#renderResume();
  }

  #renderLine(checkout: Checkout | undefined, line: Line | undefined): void {
    this.#title.textContent = line?.title ?? 'Loading…';
    show(this.#image, Boolean(line?.imageUrl));
    if (line?.imageUrl && this.#image.getAttribute('src') !== line.imageUrl) this.#image.src = line.imageUrl;
    this.#unitPrice.textContent = line ? formatMoney(line.unitPriceCents, line.currency) : '';
    this.#listPrice.textContent = line?.listPriceCents ? formatMoney(line.listPriceCents, line.currency) : '';
    const isHold = checkout?.request.kind === 'hold';
    const canPick = Boolean(line) && !isHold && !checkout?.order && (line?.maxQuantity ?? 0) > 1;
    show(this.#quantity, canPick);
    show(this.#quantityFixed, !canPick);
    this.#quantityFixed.textContent = String(checkout?.quantity ?? 1);
    if (canPick && line && this.#quantity.options.length !== line.maxQuantity) {
      this.#quantity.replaceChildren(
        ...Array.from({ length: line.maxQuantity }, (_, i) => h('option', { attrs: { value: String(i + 1) } }, String(i + 1))),
      );
      this.#quantity.value = String(checkout?.quantity ?? 1);
    }
    const reservation = checkout?.request.kind === 'hold' ? checkout.request.reservation : undefined;
    show(this.#holdNote, Boolean(reservation) && !checkout?.order);
    if (reservation) {
      const leftMs = Date.parse(reservation.expiresAt) - Date.now();
      this.#holdNote.textContent =
        leftMs > 0 ? `Held for you at the flash-sale price for ${formatCountdown(leftMs)}` : 'Your hold has lapsed';
      this.#holdNote.classList.toggle('is-urgent', leftMs < 60_000);
    }
  }

  #renderStatus(checkout: Checkout): void {
    const order = checkout.order;
    const status = checkout.status ?? 'pending_payment';
    const isConfirming = checkout.isWaitingForPayment && status === 'pending_payment';
    const isDeclined = checkout.isPaymentDeclined && status === 'pending_payment';
    const tone = isDeclined ? 'declined' : isConfirming ? 'waiting' : status;
    this.#done.dataset.tone = tone;
    this.#status.dataset.status = status;
    this.#status.textContent = isDeclined ? 'Payment declined' : isConfirming ? 'Confirming payment…' : STATUS_TEXT[status];
    this.#statusIcon.textContent = isDeclined || status === 'cancelled' ? '!' : isConfirming ? '' : '✓';
    const address = checkout.address;
    const to = address ? ` to ${address.name}, ${address.city}` : '';
    this.#statusText.textContent = isDeclined
      ? 'Nothing was charged. Your order is kept for a few minutes: pay again to keep it.'
      : isConfirming
        ? 'The payment provider is confirming. This takes a moment.'
        : status === 'cancelled'
          ? 'This order lapsed before it was paid, and its units went back on sale.'
          : status === 'refunded'
            ? 'This order was refunded.'
            : `Thank you! The seller ships it${to}. You can keep watching.`;
    const reached = STEPS.findIndex((step) => step.status === status);
    this.#steps.replaceChildren(
      ...STEPS.map((step, index) =>
        h('li', { className: index <= reached ? 'is-done' : '', attrs: index === reached ? { 'aria-current': 'step' } : {} }, step.label),
      ),
    );
    show(this.#steps, reached >= 0 && !isDeclined);
    this.#orderLine.textContent = order
      ? `Order ${order.id.slice(0, 8).toUpperCase()} · ${formatMoney(order.totalCents, order.currency)}`
      : '';
    // Once paid, the order's way to the buyer (tracking, receipt, review) goes on in My orders.
    show(this.#ordersLink, STATUS_RANK[status] >= STATUS_RANK.paid && status !== 'cancelled' && status !== 'refunded');
    show(this.#payAgain, isDeclined);
    this.#payAgain.disabled = this.#isBusy;
    this.#statusIcon.classList.toggle('is-spinning', isConfirming);
  }

  #renderResume(): void {
    const checkout = this.#checkout;
    let label = '';
    if (checkout?.line && !this.#dialog.open) {
      if (checkout.order && checkout.status === 'pending_payment')
        label = `Finish paying ${formatMoney(checkout.order.totalCents, checkout.order.currency)}`;
      else if (!checkout.order && checkout.request.kind === 'hold' && !this.#holdLapsed(checkout))
        label = `Check out · held ${formatCountdown(Date.parse(checkout.request.reservation.expiresAt) - Date.now())}`;
    }
    if (this.#resume.textContent !== label) this.#resume.textContent = label;
    show(this.#resume, label !== '');
  }

  #holdLapsed(checkout: Checkout): boolean {
    return checkout.request.kind === 'hold' && !checkout.order && Date.parse(checkout.request.reservation.expiresAt) <= Date.now();
  }
}
