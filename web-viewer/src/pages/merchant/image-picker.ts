import { h, show } from '../../lib/dom.ts';
import { catalogueMessage, uploadImage } from './catalogue-api.ts';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * The product form's picture: a preview, "Choose a picture" (uploaded at once through
 * POST /api/uploads/images, which checks type, size and dimensions) and "Remove". `value` is the
 * URL to save with the product, or null for none.
 */
export class ImagePicker {
  readonly element: HTMLElement;
  readonly #token: string;
  readonly #preview = h('img', { className: 'image-picker-preview', attrs: { alt: '', width: '96', height: '96' } });
  readonly #placeholder = h('span', { className: 'image-picker-empty', attrs: { 'aria-hidden': 'true' } }, 'No picture');
  readonly #input = h('input', {
    className: 'visually-hidden',
    attrs: { type: 'file', id: 'product-image-file', name: 'image', accept: ACCEPTED.join(',') },
  });
  readonly #remove = h('button', { className: 'link-button danger', attrs: { type: 'button', id: 'product-image-remove' } }, 'Remove');
  readonly #status = h('p', { className: 'small muted image-picker-status', attrs: { id: 'product-image-status', 'aria-live': 'polite' } });
  #value: string | null = null;
  #uploading: Promise<void> | undefined;

  constructor(token: string) {
    this.#token = token;
    const choose = h(
      'label',
      { className: 'button button-outline small image-picker-choose', attrs: { for: 'product-image-file' } },
      'Choose a picture',
    );
    this.#input.addEventListener('change', () => {
      const file = this.#input.files?.[0];
      if (file) this.#uploading = this.#upload(file);
    });
    this.#remove.addEventListener('click', () => this.set(null));
    this.element = h(
      'div',
      { className: 'field image-picker' },
      h('span', {}, 'Picture ', h('span', { className: 'muted' }, '(JPEG, PNG or WebP, at least 200 × 200 px)')),
      h(
        'div',
        { className: 'image-picker-row' },
        this.#preview,
        this.#placeholder,
        h('div', { className: 'image-picker-actions' }, choose, this.#input, this.#remove),
      ),
      this.#status,
    );
    this.set(null);
  }

  get value(): string | null {
    return this.#value;
  }

  /** Resolves once a picture being uploaded is in (or failed). */
  async settled(): Promise<void> {
    await this.#uploading;
  }

  set(url: string | null, message = ''): void {
    this.#value = url;
    if (url) this.#preview.src = url;
    else this.#preview.removeAttribute('src');
    show(this.#preview, Boolean(url));
    show(this.#placeholder, !url);
    show(this.#remove, Boolean(url));
    this.#input.value = '';
    this.#say(message);
  }

  async #upload(file: File): Promise<void> {
    if (file.type && !ACCEPTED.includes(file.type)) {
      this.#say('That file is not a JPEG, PNG or WebP picture.', true);
      return;
    }
    this.#say(`Uploading ${file.name}…`);
    this.element.setAttribute('aria-busy', 'true');
    try {
      const image = await uploadImage(this.#token, file, file.name);
      this.set(image.url, `Uploaded: ${image.width} × ${image.height} px.`);
    } catch (error) {
      this.#input.value = '';
      this.#say(catalogueMessage(error), true);
    } finally {
      this.element.removeAttribute('aria-busy');
    }
  }

  #say(message: string, isError = false): void {
    this.#status.textContent = message;
    this.#status.classList.toggle('field-error', isError);
    show(this.#status, Boolean(message));
  }
}
