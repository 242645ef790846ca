import { h, show } from '../../lib/dom.ts';

export const REASON_MIN = 3;
export const REASON_MAX = 500;

/** One admin action to confirm: what it does, whether it needs a reason, and the call that does it. */
export interface ReasonRequest {
  title: string;
  /** What the action changes, in a sentence or two. */
  text: string;
  /** `required`: 3–500 characters the affected merchant reads; `optional`: a note for the log; `none`: just confirm. */
  reason: 'required' | 'optional' | 'none';
  reasonLabel?: string;
  placeholder?: string;
  confirmLabel: string;
  busyLabel: string;
  isDanger?: boolean;
  /** A second field: one of a few options (how long a chat restriction lasts); `run` gets the value chosen. */
  choice?: { label: string; options: readonly { value: string; label: string }[]; initial: string };
  /** Does the action; a throw keeps the dialog open with `problem(error)` under the form. */
  run(reason: string, choice: string): Promise<void>;
  problem(error: unknown): string;
}

/**
 * The admin's confirmation dialog: a sentence on what happens, a reason field, and a confirm button
 * that stays disabled (and says what it is doing) while the call runs. It closes only on success.
 */
export class ReasonDialog {
  readonly #dialog = h('dialog', {
    className: 'modal-dialog reason-dialog',
    attrs: { id: 'reason-dialog', 'aria-labelledby': 'reason-title' },
  });
  #isBusy = false;
  #settle: ((done: boolean) => void) | undefined;

  constructor() {
    this.#dialog.addEventListener('click', (event) => {
      // A click on the backdrop lands on the dialog element itself.
      if (event.target === this.#dialog && !this.#isBusy) this.#dialog.close();
    });
    this.#dialog.addEventListener('cancel', (event) => {
      if (this.#isBusy) event.preventDefault();
    });
    this.#dialog.addEventListener('close', () => this.#finish(false));
    document.body.append(this.#dialog);
  }

  /** Asks, runs the action on confirm; true once it succeeded, false when the admin backed out. */
  ask(request: ReasonRequest): Promise<boolean> {
    this.#finish(false);
    const reason = h('textarea', {
      attrs: {
        id: 'reason-text',
        name: 'reason',
        rows: '3',
        maxlength: String(REASON_MAX),
        placeholder: request.placeholder ?? '',
        ...(request.reason === 'required' ? { 'aria-required': 'true' } : {}),
      },
    });
    const count = h('span', { className: 'muted small field-count' }, `0 / ${REASON_MAX}`);
    reason.addEventListener('input', () => {
      count.textContent = `${reason.value.length} / ${REASON_MAX}`;
      reason.removeAttribute('aria-invalid');
    });
    const error = h('p', { className: 'form-error', attrs: { role: 'alert', id: 'reason-error' } });
    show(error, false);
    const confirm = h(
      'button',
      { className: request.isDanger ? 'button button-live' : 'button', attrs: { type: 'submit', id: 'reason-confirm' } },
      request.confirmLabel,
    );
    const cancel = h('button', { className: 'button button-outline', attrs: { type: 'button', id: 'reason-cancel' } }, 'Cancel');
    cancel.addEventListener('click', () => this.#dialog.close());
    const close = h('button', { className: 'icon-button modal-close', attrs: { type: 'button', 'aria-label': 'Close' } }, '×');
    close.addEventListener('click', () => this.#dialog.close());
    const field =
      request.reason === 'none'
        ? null
        : h(
            'label',
            { className: 'field' },
            h(
              'span',
              { className: 'field-label-row' },
              h(
                'span',
                {},
                request.reasonLabel ?? 'Reason',
                request.reason === 'optional' ? h('span', { className: 'muted' }, ' (optional)') : null,
              ),
              count,
            ),
            reason,
          );
    const choice = request.choice
      ? h(
          'select',
          { attrs: { id: 'reason-choice', name: 'choice' } },
          ...request.choice.options.map((option) =>
            h(
              'option',
              { attrs: { value: option.value, ...(option.value === request.choice?.initial ? { selected: '' } : {}) } },
              option.label,
            ),
          ),
        )
      : null;
    const form = h(
      'form',
      { className: 'modal-form', attrs: { novalidate: '' } },
      close,
      h('h2', { className: 'modal-title', attrs: { id: 'reason-title' } }, request.title),
      h('p', { className: 'muted small' }, request.text),
      choice && request.choice ? h('label', { className: 'field' }, h('span', {}, request.choice.label), choice) : null,
      field,
      error,
      h('div', { className: 'form-actions modal-actions' }, cancel, confirm),
    );
    const setBusy = (busy: boolean) => {
      this.#isBusy = busy;
      confirm.disabled = busy;
      cancel.disabled = busy;
      close.disabled = busy;
      reason.readOnly = busy;
      if (choice) choice.disabled = busy;
      confirm.textContent = busy ? request.busyLabel : request.confirmLabel;
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.#isBusy) return;
      const text = reason.value.trim();
      if (request.reason === 'required' && text.length < REASON_MIN) {
        reason.setAttribute('aria-invalid', 'true');
        error.textContent = `Write the reason (at least ${REASON_MIN} characters): the merchant reads it.`;
        show(error, true);
        reason.focus();
        return;
      }
      show(error, false);
      setBusy(true);
      request.run(request.reason === 'none' ? '' : text, choice?.value ?? '').then(
        () => {
          setBusy(false);
          this.#finish(true);
          this.#dialog.close();
        },
        (failure: unknown) => {
          setBusy(false);
          error.textContent = request.problem(failure);
          show(error, true);
        },
      );
    });
    this.#dialog.replaceChildren(form);
    if (!this.#dialog.open) this.#dialog.showModal();
    (field ? reason : confirm).focus();
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  #finish(done: boolean): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(done);
  }
}
