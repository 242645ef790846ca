import { h } from './dom.ts';

/** A labelled textarea with a "12 / 500" count beside its label. Typing clears an aria-invalid mark. */
export class CountedTextarea {
  readonly element: HTMLLabelElement;
  readonly textarea: HTMLTextAreaElement;

  constructor(options: {
    id: string;
    name: string;
    label: string;
    rows: number;
    maxLength: number;
    placeholder: string;
    /** Adds a muted "(optional)" after the label. */
    isOptional?: boolean;
    isRequired?: boolean;
    /** Screen readers read the count out as it changes. */
    announcesCount?: boolean;
  }) {
    const { id, name, label, maxLength, placeholder } = options;
    this.textarea = h('textarea', {
      attrs: {
        id,
        name,
        rows: String(options.rows),
        maxlength: String(maxLength),
        placeholder,
        ...(options.isRequired ? { 'aria-required': 'true' } : {}),
      },
    });
    const count = h(
      'span',
      { className: 'muted small field-count', attrs: options.announcesCount ? { 'aria-live': 'polite' } : {} },
      `0 / ${maxLength}`,
    );
    this.textarea.addEventListener('input', () => {
      count.textContent = `${this.textarea.value.length} / ${maxLength}`;
      this.textarea.removeAttribute('aria-invalid');
    });
    this.element = h(
      'label',
      { className: 'field' },
      h(
        'span',
        { className: 'field-label-row' },
        h('span', {}, label, options.isOptional ? h('span', { className: 'muted' }, ' (optional)') : null),
        count,
      ),
      this.textarea,
    );
  }
}
