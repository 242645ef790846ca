import { createShow, type ShowDraft, type ShowView, updateShow } from '../../lib/accounts-api.ts';
import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { ImagePicker } from '../../lib/image-picker.ts';
import { ProductPicker } from './product-picker.ts';

const MESSAGES: Record<string, string> = {
  SHOW_NOT_EDITABLE: 'This show has started or was cancelled, so it can no longer be changed.',
  PRODUCT_NOT_AVAILABLE: 'One of the products is no longer on sale: remove it and save again.',
};

/** "2026-12-24T20:00" in the browser's time zone, as a datetime-local input wants it. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Plan a new show or change one that has not started: title, time, cover, products. */
export class ShowForm {
  readonly element = h('section', { className: 'card show-form-card', attrs: { id: 'show-form', 'aria-labelledby': 'show-form-title' } });
  readonly #heading = h('h2', { className: 'card-title', attrs: { id: 'show-form-title' } });
  readonly #title = h('input', {
    attrs: { id: 'show-title', name: 'title', required: '', maxlength: '200', placeholder: 'Friday tea tasting' },
  });
  readonly #time = h('input', { attrs: { id: 'show-time', name: 'scheduledAt', type: 'datetime-local' } });
  readonly #cover: ImagePicker;
  readonly #products = new ProductPicker();
  readonly #save = h('button', { className: 'button button-live', attrs: { type: 'submit', id: 'show-save' } });
  readonly #close = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Close');
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  readonly #token: () => string;
  readonly #onSaved: (show: ShowView) => void;
  #editing: ShowView | undefined;

  constructor(deps: { token: () => string; onSaved: (show: ShowView) => void }) {
    this.#token = deps.token;
    this.#onSaved = deps.onSaved;
    this.#cover = new ImagePicker({ id: 'show-cover', label: 'Cover image (optional)', token: deps.token });
    this.#error.hidden = true;
    const form = h(
      'form',
      { className: 'show-form', attrs: { novalidate: '' } },
      h(
        'div',
        { className: 'show-form-fields' },
        h('div', {}, h('label', { className: 'field', attrs: { for: 'show-title' } }, 'Title'), this.#title),
        h(
          'div',
          {},
          h('label', { className: 'field', attrs: { for: 'show-time' } }, 'When'),
          this.#time,
          h('p', { className: 'small muted field-note' }, 'Leave empty to go live whenever you are ready.'),
        ),
      ),
      this.#cover.element,
      this.#products.element,
      this.#error,
      h('div', { className: 'form-actions' }, this.#save, this.#close),
    );
    this.element.append(this.#heading, form);
    this.element.hidden = true;
    this.#close.addEventListener('click', () => this.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
  }

  open(show?: ShowView): void {
    this.#editing = show;
    this.#heading.textContent = show ? `Edit “${show.title}”` : 'Plan a show';
    this.#save.textContent = show ? 'Save changes' : 'Schedule show';
    this.#title.value = show?.title ?? '';
    this.#time.value = toLocalInput(show?.scheduledAt ?? null);
    this.#cover.value = show?.coverUrl ?? null;
    this.#cover.allowUpload(true);
    this.#products.set(show?.products ?? []);
    this.#error.hidden = true;
    this.element.hidden = false;
    this.element.scrollIntoView({ block: 'start' });
    this.#title.focus();
    void this.#products.load();
  }

  close(): void {
    this.element.hidden = true;
    this.#editing = undefined;
  }

  async #submit(): Promise<void> {
    const title = this.#title.value.trim();
    if (!title) {
      this.#title.setAttribute('aria-invalid', 'true');
      this.#fail('Give the show a title.');
      this.#title.focus();
      return;
    }
    this.#title.removeAttribute('aria-invalid');
    const time = this.#time.value ? new Date(this.#time.value) : null;
    if (time && Number.isNaN(time.getTime())) {
      this.#fail('Pick a date and time, or leave it empty.');
      return;
    }
    const draft: ShowDraft = {
      title,
      scheduledAt: time?.toISOString() ?? null,
      coverUrl: this.#cover.value,
      productIds: this.#products.productIds,
    };
    this.#save.disabled = true;
    this.#error.hidden = true;
    try {
      const saved = this.#editing ? await updateShow(this.#token(), this.#editing.id, draft) : await createShow(this.#token(), draft);
      this.close();
      this.#onSaved(saved);
    } catch (error) {
      this.#fail(error instanceof ApiError ? (MESSAGES[error.code] ?? error.message) : 'Could not reach the server; try again.');
    } finally {
      this.#save.disabled = false;
    }
  }

  #fail(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
  }
}
