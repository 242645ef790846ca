import { ApiError, type Product } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import type { FlashSale, SaleTerms } from '../../lib/flash-sale-api.ts';
import { formatMoney } from '../../lib/format.ts';
import type { MerchantStream } from './merchant-streams-api.ts';

type Field = 'product' | 'price' | 'quantity' | 'limit' | 'starts' | 'ends';

/** What the form submits: new terms, or changes to the sale being edited. */
export type SaleFormSubmit =
  | { kind: 'create'; terms: SaleTerms }
  | { kind: 'update'; sale: FlashSale; terms: Omit<SaleTerms, 'productId' | 'streamId'> & { streamId: string | null } };

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of an `<input type="datetime-local" step="1">`, in the browser's time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * The schedule form of the merchant console. Every rule the server checks is checked here first
 * and shown next to its field; what only the server can know (stock taken meanwhile) comes back
 * as an ApiError and is shown the same way.
 */
export class SaleForm {
  readonly #form = byId('sale-form', HTMLFormElement);
  readonly #title = byId('sale-form-title');
  readonly #product = byId('sale-product', HTMLSelectElement);
  readonly #stream = byId('sale-stream', HTMLSelectElement);
  readonly #streamHint = byId('sale-stream-hint');
  readonly #price = byId('sale-price', HTMLInputElement);
  readonly #quantity = byId('sale-quantity', HTMLInputElement);
  readonly #limit = byId('sale-limit', HTMLInputElement);
  readonly #starts = byId('sale-starts', HTMLInputElement);
  readonly #ends = byId('sale-ends', HTMLInputElement);
  readonly #currency = byId('sale-currency');
  readonly #hint = byId('sale-hint');
  readonly #submit = byId('sale-submit', HTMLButtonElement);
  readonly #stopEditing = byId('sale-stop-editing', HTMLButtonElement);
  readonly #formError = byId('sale-form-error');
  readonly #done = byId('sale-form-done');
  readonly #inputs: Record<Field, HTMLInputElement | HTMLSelectElement> = {
    product: this.#product,
    price: this.#price,
    quantity: this.#quantity,
    limit: this.#limit,
    starts: this.#starts,
    ends: this.#ends,
  };
  readonly #onSubmit: (submit: SaleFormSubmit) => Promise<string>;
  #products: Product[] = [];
  #streams: MerchantStream[] = [];
  #editing: FlashSale | undefined;
  #isLocked = false;

  constructor(deps: { onSubmit: (submit: SaleFormSubmit) => Promise<string> }) {
    this.#onSubmit = deps.onSubmit;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    this.#product.addEventListener('change', () => this.#describeProduct());
    this.#stream.addEventListener('change', () => this.#describeStream());
    for (const preset of this.#form.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      preset.addEventListener('click', () => this.#applyPreset(preset.dataset.preset ?? ''));
    }
    this.#stopEditing.addEventListener('click', () => this.reset());
    // A field's error clears as soon as it is changed.
    for (const [field, input] of Object.entries(this.#inputs) as [Field, HTMLInputElement][]) {
      input.addEventListener('input', () => this.#fieldError(field, undefined));
    }
    this.reset();
  }

  setProducts(products: Product[]): void {
    const selected = this.#product.value;
    this.#products = products.filter((p) => p.status === 'active');
    this.#product.replaceChildren(
      h('option', { attrs: { value: '' } }, 'Choose a product…'),
      ...this.#products.map((p) =>
        h('option', { attrs: { value: p.id } }, `${p.title} · ${formatMoney(p.priceCents, p.currency)} · ${p.stock} in stock`),
      ),
    );
    this.#product.value = this.#products.some((p) => p.id === selected) ? selected : '';
    this.#describeProduct();
  }

  /**
   * The shows a sale may go into: those whose KOL features this merchant's products (accepted at
   * once) first, then the others as proposals the KOL decides on. `undefined`: they could not be listed.
   */
  setStreams(streams: MerchantStream[] | undefined): void {
    const selected = this.#stream.value;
    this.#streams = streams ?? [];
    const option = (s: MerchantStream) =>
      h('option', { attrs: { value: s.id } }, `${s.title} · ${s.kolDisplayName}${s.status === 'live' ? ' · LIVE' : ''}`);
    const accepting = this.#streams.filter((s) => s.accepts);
    const others = this.#streams.filter((s) => !s.accepts);
    const groups = [
      ['Shows featuring your products', accepting],
      ['Propose to a show (its KOL decides)', others],
    ] as const;
    this.#stream.replaceChildren(
      h('option', { attrs: { value: '' } }, 'No show (the product page only)'),
      ...groups.filter(([, items]) => items.length > 0).map(([label, items]) => h('optgroup', { attrs: { label } }, ...items.map(option))),
    );
    this.#stream.value = this.#streams.some((s) => s.id === selected) ? selected : '';
    this.#stream.disabled = this.#streams.length === 0;
    this.#describeStream(
      streams === undefined ? 'Shows cannot be listed right now; the sale can still run on the product page.' : undefined,
    );
  }

  pickProduct(productId: string): void {
    this.#product.value = productId;
    this.#describeProduct();
    this.#price.focus();
  }

  /** While the shop is suspended the form does not submit (the server would answer MERCHANT_SUSPENDED). */
  setLocked(isLocked: boolean): void {
    this.#isLocked = isLocked;
    this.#submit.disabled = isLocked;
  }

  /** Loads a scheduled sale into the form; submitting changes it. */
  edit(sale: FlashSale): void {
    this.reset();
    this.#editing = sale;
    this.#title.textContent = 'Change a scheduled sale';
    this.#submit.textContent = 'Save changes';
    show(this.#stopEditing, true);
    this.#product.value = sale.productId;
    this.#product.disabled = true;
    this.#stream.value = sale.streamId ?? '';
    this.#describeStream();
    this.#price.value = (sale.priceCents / 100).toFixed(2);
    this.#quantity.value = String(sale.quantity);
    this.#limit.value = String(sale.perUserLimit);
    this.#starts.value = toLocalInput(new Date(sale.startsAt));
    this.#ends.value = toLocalInput(new Date(sale.endsAt));
    this.#describeProduct();
    this.#form.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  reset(): void {
    this.#editing = undefined;
    this.#title.textContent = 'Schedule a flash sale';
    this.#submit.textContent = 'Schedule sale';
    show(this.#stopEditing, false);
    this.#product.disabled = false;
    this.#price.value = '';
    this.#quantity.value = '';
    this.#limit.value = '1';
    // Opens in five minutes, on the minute, for half an hour.
    const starts = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000);
    this.#starts.value = toLocalInput(starts);
    this.#ends.value = toLocalInput(new Date(starts.getTime() + 30 * 60_000));
    for (const field of Object.keys(this.#inputs) as Field[]) this.#fieldError(field, undefined);
    this.#formMessage(undefined);
    this.#describeProduct();
  }

  /** "Start now" opens the sale at once; "10 min" and "30 min" set how long it lasts. */
  #applyPreset(preset: string): void {
    const startsMs = this.#starts.value ? new Date(this.#starts.value).getTime() : Number.NaN;
    const endsMs = this.#ends.value ? new Date(this.#ends.value).getTime() : Number.NaN;
    const lasts = endsMs > startsMs ? endsMs - startsMs : 10 * 60_000;
    if (preset === 'now') {
      const now = Math.ceil(Date.now() / 1000) * 1000;
      this.#starts.value = toLocalInput(new Date(now));
      this.#ends.value = toLocalInput(new Date(now + lasts));
    } else {
      const opens = Number.isNaN(startsMs) ? Date.now() : startsMs;
      this.#ends.value = toLocalInput(new Date(opens + Number(preset) * 60_000));
    }
    this.#fieldError('starts', undefined);
    this.#fieldError('ends', undefined);
  }

  #describeStream(fallback?: string): void {
    const stream = this.#streams.find((s) => s.id === this.#stream.value);
    this.#streamHint.textContent =
      fallback ??
      (stream
        ? stream.accepts
          ? `${stream.kolDisplayName} features your products: the sale shows in this show as soon as it opens.`
          : `A proposal: ${stream.kolDisplayName} accepts or declines it in the studio; until then it runs on the product page only.`
        : this.#streams.length === 0
          ? 'No show is scheduled or live right now.'
          : '');
  }

  async #send(): Promise<void> {
    show(this.#done, false);
    this.#formMessage(undefined);
    const terms = this.#validate();
    if (!terms || this.#isLocked) return;
    this.#submit.disabled = true;
    try {
      const editing = this.#editing;
      const { productId: _sameProduct, streamId, ...changes } = terms;
      const message = await this.#onSubmit(
        editing ? { kind: 'update', sale: editing, terms: { ...changes, streamId: streamId ?? null } } : { kind: 'create', terms },
      );
      this.reset();
      this.#done.textContent = message;
      show(this.#done, true);
    } catch (error) {
      this.#showServerError(error);
    } finally {
      this.#submit.disabled = this.#isLocked;
    }
  }

  /** The terms, or undefined with every problem shown next to its field. */
  #validate(): SaleTerms | undefined {
    const problems = new Map<Field, string>();
    const product = this.#products.find((p) => p.id === this.#product.value);
    if (!product) problems.set('product', 'Choose the product to put on sale.');

    const price = Number(this.#price.value);
    const priceCents = Math.round(price * 100);
    if (this.#price.value.trim() === '' || !Number.isFinite(price) || priceCents < 1) problems.set('price', 'Enter a price above zero.');
    else if (priceCents > 1_000_000_000) problems.set('price', 'That price is too high.');
    else if (product && priceCents >= product.priceCents)
      problems.set('price', `A flash sale should be below the list price (${formatMoney(product.priceCents, product.currency)}).`);

    const quantity = Number(this.#quantity.value);
    // Editing: the sale's own units are already off the product's stock.
    const available = (product?.stock ?? 0) + (this.#editing?.quantity ?? 0);
    if (!Number.isInteger(quantity) || quantity < 1) problems.set('quantity', 'Enter a whole number of units, at least 1.');
    else if (product && quantity > available) problems.set('quantity', `Only ${available} in stock.`);

    const limit = Number(this.#limit.value);
    if (!Number.isInteger(limit) || limit < 1) problems.set('limit', 'Enter a whole number, at least 1.');
    else if (limit > 1000) problems.set('limit', 'At most 1000 per buyer.');
    else if (Number.isInteger(quantity) && limit > quantity) problems.set('limit', 'Cannot be more than the units on sale.');

    const startsMs = this.#starts.value ? new Date(this.#starts.value).getTime() : Number.NaN;
    const endsMs = this.#ends.value ? new Date(this.#ends.value).getTime() : Number.NaN;
    const now = Date.now();
    if (Number.isNaN(startsMs)) problems.set('starts', 'Pick the date and time the sale opens.');
    else if (startsMs < now - 60_000) problems.set('starts', 'The opening time has passed.');
    if (Number.isNaN(endsMs)) problems.set('ends', 'Pick the date and time the sale closes.');
    else if (!Number.isNaN(startsMs) && endsMs <= startsMs) problems.set('ends', 'The sale must close after it opens.');
    else if (endsMs <= now) problems.set('ends', 'The closing time has passed.');

    for (const field of Object.keys(this.#inputs) as Field[]) this.#fieldError(field, problems.get(field));
    const first = [...problems.keys()][0];
    if (first) {
      this.#inputs[first].focus();
      return undefined;
    }
    return {
      productId: product?.id ?? '',
      ...(this.#stream.value ? { streamId: this.#stream.value } : {}),
      priceCents,
      quantity,
      perUserLimit: limit,
      startsAt: new Date(startsMs).toISOString(),
      endsAt: new Date(endsMs).toISOString(),
    };
  }

  #showServerError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.#formMessage('Could not reach the server; try again.');
    } else if (error.code === 'INSUFFICIENT_STOCK') {
      this.#fieldError('quantity', 'The product no longer has that much stock.');
    } else if (error.code === 'SALE_NOT_EDITABLE') {
      this.reset();
      this.#formMessage('That sale has opened, so it can no longer be changed.');
    } else {
      this.#formMessage(error.message);
    }
  }

  #describeProduct(): void {
    const product = this.#products.find((p) => p.id === this.#product.value);
    this.#currency.textContent = product?.currency ?? 'CNY';
    this.#hint.textContent = product
      ? `${product.stock + (this.#editing?.quantity ?? 0)} units available; list price ${formatMoney(product.priceCents, product.currency)}. The units leave the product's stock now and come back if they do not sell.`
      : '';
  }

  #fieldError(field: Field, message: string | undefined): void {
    const input = this.#inputs[field];
    const error = byId(`sale-${field}-error`);
    error.textContent = message ?? '';
    show(error, Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  #formMessage(message: string | undefined): void {
    this.#formError.textContent = message ?? '';
    show(this.#formError, Boolean(message));
  }
}
