import type { Product } from '../../lib/api.ts';
import { DialogActions } from '../../lib/dialog-actions.ts';
import { h } from '../../lib/dom.ts';
import { FormError } from '../../lib/form-error.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import { catalogueMessage, createProduct, type ProductDraft, updateProduct } from './catalogue-api.ts';
import { ImagePicker } from './image-picker.ts';

/** Categories offered before the merchant has any of their own (the feed's chips use the same names). */
const SUGGESTED_CATEGORIES = ['Beauty', 'Fashion', 'Tea', 'Food', 'Home', 'Electronics', 'Jewellery', 'Crafts'];

/** The commission cap the API enforces (9000 bps). */
const MAX_COMMISSION_PERCENT = 90;

type FieldName = 'title' | 'price' | 'stock' | 'commission';

const input = (id: string, attrs: Record<string, string>) => h('input', { attrs: { id, name: id, ...attrs } });
const field = (label: string | Node, control: HTMLElement, hint?: string) =>
  h('label', { className: 'field' }, h('span', {}, label), control, hint ? h('span', { className: 'muted small' }, hint) : null);

/**
 * "New product" and "Edit product": title, description, category, price, stock, the KOL's commission
 * (in %, sent as basis points) and a picture. Every rule the API checks is checked first, next to
 * its field; what only the server knows comes back under the form.
 */
export class ProductEditor {
  readonly #dialog = new ModalDialog({ id: 'product-editor', className: 'product-editor', labelledBy: 'product-editor-title' });
  readonly #token: string;
  readonly #onSaved: (product: Product, isNew: boolean) => void;

  constructor(deps: { token: string; onSaved: (product: Product, isNew: boolean) => void }) {
    this.#token = deps.token;
    this.#onSaved = deps.onSaved;
  }

  /** Opens the form: empty for a new product, filled in for `product`. */
  open(product: Product | undefined, knownCategories: readonly string[]): void {
    const title = input('product-title', { required: '', maxlength: '200', autocomplete: 'off' });
    const description = h('textarea', { attrs: { id: 'product-description', name: 'description', rows: '3', maxlength: '5000' } });
    const category = input('product-category', { list: 'product-categories', maxlength: '60', autocomplete: 'off' });
    const categories = h(
      'datalist',
      { attrs: { id: 'product-categories' } },
      ...[...new Set([...knownCategories, ...SUGGESTED_CATEGORIES])].map((c) => h('option', { attrs: { value: c } })),
    );
    const price = input('product-price', { type: 'number', inputmode: 'decimal', min: '0.01', step: '0.01', required: '' });
    const stock = input('product-stock', { type: 'number', inputmode: 'numeric', min: '0', step: '1', required: '' });
    const commission = input('product-commission', {
      type: 'number',
      inputmode: 'decimal',
      min: '0',
      max: String(MAX_COMMISSION_PERCENT),
      step: '0.5',
      required: '',
    });
    const picker = new ImagePicker(this.#token);
    const currency = product?.currency ?? 'CNY';

    title.value = product?.title ?? '';
    description.value = product?.description ?? '';
    category.value = product?.category ?? '';
    price.value = product ? (product.priceCents / 100).toFixed(2) : '';
    stock.value = product ? String(product.stock) : '';
    commission.value = product ? String(product.kolCommissionBps / 100) : '10';
    picker.set(product?.imageUrl ?? null);

    const fields: Record<FieldName, HTMLInputElement> = { title, price, stock, commission };
    const error = new FormError('product-editor-error');
    const actions = new DialogActions({
      confirmId: 'product-save',
      confirmLabel: product ? 'Save changes' : 'Create product',
      busyLabel: 'Saving…',
      onCancel: () => this.#dialog.close(),
    });
    const form = this.#dialog.showForm(
      {
        title: product ? 'Edit product' : 'New product',
        text: product
          ? 'Changes show on the product page and in shows at once; orders already placed keep their price.'
          : 'It is listed as soon as it is created: KOLs can add it to their shows, and you can put it on flash sale.',
      },
      field('Title', title),
      field('Description', description),
      h(
        'div',
        { className: 'field-row' },
        field('Category', category),
        field(`Price (${currency})`, price),
        field('Stock', stock),
        field('KOL commission (%)', commission),
      ),
      categories,
      h('p', { className: 'muted small', attrs: { id: 'product-commission-hint' } }),
      picker.element,
      error.element,
      actions.element,
    );
    const hint = form.querySelector<HTMLElement>('#product-commission-hint');
    const describeCommission = () => {
      const cents = Math.round(Number(price.value) * 100);
      const pct = Number(commission.value);
      if (hint) {
        hint.textContent =
          Number.isFinite(cents) && cents > 0 && Number.isFinite(pct)
            ? `A KOL who sells one earns ${(Math.round(cents * pct) / 10000).toFixed(2)} ${currency}.`
            : '';
      }
    };
    price.addEventListener('input', describeCommission);
    commission.addEventListener('input', describeCommission);
    describeCommission();
    for (const control of Object.values(fields)) control.addEventListener('input', () => control.removeAttribute('aria-invalid'));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#save(product, { fields, description, category, picker, error, actions });
    });
    title.focus();
  }

  async #save(
    product: Product | undefined,
    form: {
      fields: Record<FieldName, HTMLInputElement>;
      description: HTMLTextAreaElement;
      category: HTMLInputElement;
      picker: ImagePicker;
      error: FormError;
      actions: DialogActions;
    },
  ): Promise<void> {
    const { fields, error, actions, picker } = form;
    error.clear();
    const priceCents = Math.round(Number(fields.price.value) * 100);
    const stock = Number(fields.stock.value);
    const percent = Number(fields.commission.value);
    const problem: [FieldName, string] | undefined = !fields.title.value.trim()
      ? ['title', 'Give the product a title.']
      : fields.price.value.trim() === '' || !Number.isFinite(priceCents) || priceCents < 1
        ? ['price', 'Enter a price above zero.']
        : priceCents > 1_000_000_000
          ? ['price', 'That price is too high.']
          : fields.stock.value.trim() === '' || !Number.isInteger(stock) || stock < 0 || stock > 10_000_000
            ? ['stock', 'Enter the units you have in stock (a whole number, 0 or more).']
            : fields.commission.value.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > MAX_COMMISSION_PERCENT
              ? ['commission', `The KOL commission is between 0 and ${MAX_COMMISSION_PERCENT} %.`]
              : undefined;
    if (problem) {
      error.showFor(fields[problem[0]], problem[1]);
      return;
    }
    actions.busy = true;
    this.#dialog.busy = true;
    try {
      await picker.settled();
      const draft: ProductDraft = {
        title: fields.title.value.trim(),
        description: form.description.value.trim(),
        category: form.category.value.trim() || null,
        priceCents,
        stock,
        kolCommissionBps: Math.round(percent * 100),
        imageUrl: picker.value,
      };
      const saved = product ? await updateProduct(this.#token, product.id, draft) : await createProduct(this.#token, draft);
      this.#dialog.busy = false;
      this.#dialog.close();
      this.#onSaved(saved, !product);
    } catch (caught) {
      error.show(catalogueMessage(caught));
    } finally {
      actions.busy = false;
      this.#dialog.busy = false;
    }
  }
}
