import { h } from './dom.ts';

/**
 * A dialog's row of buttons: one that backs out ("Cancel") and the main one, whose text says what is
 * happening ("Sending…") while its call runs. Both are disabled meanwhile.
 */
export class DialogActions {
  readonly element: HTMLDivElement;
  readonly confirm: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly #confirmLabel: string;
  readonly #busyLabel: string;

  constructor(options: {
    confirmId: string;
    confirmLabel: string;
    busyLabel: string;
    /** Red, for what cannot be taken back. */
    isDanger?: boolean;
    /** `submit` (the default) submits the form around the row; `button` is for a dialog without a form. */
    confirmType?: 'submit' | 'button';
    cancelId?: string;
    cancelLabel?: string;
    onCancel: () => void;
  }) {
    this.#confirmLabel = options.confirmLabel;
    this.#busyLabel = options.busyLabel;
    this.confirm = h(
      'button',
      {
        className: options.isDanger ? 'button button-live' : 'button',
        attrs: { type: options.confirmType ?? 'submit', id: options.confirmId },
      },
      options.confirmLabel,
    );
    this.cancel = h(
      'button',
      { className: 'button button-outline', attrs: { type: 'button', ...(options.cancelId ? { id: options.cancelId } : {}) } },
      options.cancelLabel ?? 'Cancel',
    );
    this.cancel.addEventListener('click', options.onCancel);
    this.element = h('div', { className: 'form-actions modal-actions' }, this.cancel, this.confirm);
  }

  set busy(isBusy: boolean) {
    this.confirm.disabled = isBusy;
    this.cancel.disabled = isBusy;
    this.confirm.textContent = isBusy ? this.#busyLabel : this.#confirmLabel;
  }
}
