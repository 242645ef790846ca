import { h } from './dom.ts';

/**
 * A labelled select. With a `prompt` it is required and opens on that disabled option ("Choose a
 * reason"), so nothing is picked until the user picks. Picking clears an aria-invalid mark.
 */
export class SelectField {
  readonly element: HTMLLabelElement;
  readonly select: HTMLSelectElement;

  constructor(options: {
    id: string;
    name: string;
    label: string;
    options: readonly { value: string; label: string }[];
    prompt?: string;
    /** The option picked at first, when there is no prompt. */
    initial?: string;
  }) {
    const { id, name, label, prompt, initial } = options;
    this.select = h(
      'select',
      { attrs: { name, id, ...(prompt ? { required: '' } : {}) } },
      prompt ? h('option', { attrs: { value: '', disabled: '', selected: '' } }, prompt) : null,
      ...options.options.map((option) =>
        h('option', { attrs: { value: option.value, ...(option.value === initial ? { selected: '' } : {}) } }, option.label),
      ),
    );
    this.select.addEventListener('change', () => this.select.removeAttribute('aria-invalid'));
    this.element = h('label', { className: 'field' }, h('span', {}, label), this.select);
  }
}
