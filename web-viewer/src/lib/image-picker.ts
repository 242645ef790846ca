import { ApiError } from './api.ts';
import { h } from './dom.ts';

/** What `POST /api/uploads/images` answers (helper MERCHANT's upload route). */
interface Uploaded {
  url: string;
}

/** Sends one picture to the upload route. Throws ApiError (FORBIDDEN, IMAGE_…) or a network error. */
async function uploadImage(token: string, file: File): Promise<string> {
  const form = new FormData();
  form.append('image', file);
  const response = await fetch('/api/uploads/images', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await response.json().catch(() => undefined)) as (Uploaded & { error?: { code: string; message: string } }) | undefined;
  if (!response.ok || !body?.url) {
    throw new ApiError(response.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? 'The upload failed');
  }
  return body.url;
}

/**
 * A picture field: an image address to paste, or (for those allowed to upload) a file sent to the
 * upload route whose address then fills the field; a preview shows what was picked.
 */
export class ImagePicker {
  readonly element: HTMLElement;
  readonly #url: HTMLInputElement;
  readonly #file = h('input', { attrs: { type: 'file', accept: 'image/jpeg,image/png,image/webp', 'aria-label': 'Upload a picture' } });
  readonly #upload = h('label', { className: 'button button-outline image-upload' }, 'Upload…', this.#file);
  readonly #preview = h('img', { className: 'image-preview', attrs: { alt: '', width: '64', height: '64' } });
  readonly #status = h('span', { className: 'small muted', attrs: { role: 'status' } });

  constructor(options: { id: string; label: string; token: () => string }) {
    this.#url = h('input', {
      attrs: { id: options.id, name: options.id, inputmode: 'url', maxlength: '2000', placeholder: 'https://… or upload a picture' },
    });
    this.#preview.hidden = true;
    this.element = h(
      'div',
      { className: 'image-picker' },
      h('label', { className: 'field', attrs: { for: options.id } }, options.label),
      h('div', { className: 'image-picker-row' }, this.#preview, this.#url, this.#upload),
      this.#status,
    );
    this.#url.addEventListener('change', () => this.#renderPreview());
    this.#file.addEventListener('change', () => {
      const file = this.#file.files?.[0];
      if (!file) return;
      this.#status.textContent = 'Uploading…';
      uploadImage(options.token(), file).then(
        (url) => {
          this.value = url;
          this.#status.textContent = 'Uploaded.';
        },
        (error: unknown) => {
          this.#status.textContent = error instanceof ApiError ? error.message : 'Could not upload; try again.';
        },
      );
      this.#file.value = '';
    });
  }

  get value(): string | null {
    return this.#url.value.trim() || null;
  }

  set value(url: string | null) {
    this.#url.value = url ?? '';
    this.#renderPreview();
  }

  /** Upload is offered only to those the upload route accepts (merchants, KOLs). */
  allowUpload(isAllowed: boolean): void {
    this.#upload.hidden = !isAllowed;
  }

  #renderPreview(): void {
    const url = this.value;
    this.#preview.hidden = !url;
    if (url && this.#preview.getAttribute('src') !== url) this.#preview.src = url;
  }
}
