import { CountedTextarea } from '../../lib/counted-textarea.ts';
import { DialogActions } from '../../lib/dialog-actions.ts';
import { DialogOutcome } from '../../lib/dialog-outcome.ts';
import { FormError } from '../../lib/form-error.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import { SelectField } from '../../lib/select-field.ts';

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
  readonly #outcome = new DialogOutcome<boolean>(false);
  readonly #modal = new ModalDialog({
    id: 'reason-dialog',
    className: 'reason-dialog',
    labelledBy: 'reason-title',
    onClose: () => this.#outcome.settle(),
  });

  /** Asks, runs the action on confirm; true once it succeeded, false when the admin backed out. */
  ask(request: ReasonRequest): Promise<boolean> {
    const outcome = this.#outcome.next();
    const reason =
      request.reason === 'none'
        ? null
        : new CountedTextarea({
            id: 'reason-text',
            name: 'reason',
            label: request.reasonLabel ?? 'Reason',
            rows: 3,
            maxLength: REASON_MAX,
            placeholder: request.placeholder ?? '',
            isOptional: request.reason === 'optional',
            isRequired: request.reason === 'required',
          });
    const choice = request.choice
      ? new SelectField({
          id: 'reason-choice',
          name: 'choice',
          label: request.choice.label,
          options: request.choice.options,
          initial: request.choice.initial,
        })
      : null;
    const error = new FormError('reason-error');
    const actions = new DialogActions({
      confirmId: 'reason-confirm',
      confirmLabel: request.confirmLabel,
      busyLabel: request.busyLabel,
      isDanger: request.isDanger,
      cancelId: 'reason-cancel',
      onCancel: () => this.#modal.close(),
    });
    // Kept to be disabled while busy: the × does nothing then, and looks it.
    const closeButton = this.#modal.closeButton();
    const form = this.#modal.showForm(
      { title: request.title, text: request.text, closeButton },
      choice?.element ?? null,
      reason?.element ?? null,
      error.element,
      actions.element,
    );
    const setBusy = (isBusy: boolean) => {
      this.#modal.busy = isBusy;
      actions.busy = isBusy;
      closeButton.disabled = isBusy;
      if (reason) reason.textarea.readOnly = isBusy;
      if (choice) choice.select.disabled = isBusy;
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (actions.confirm.disabled) return;
      const text = reason?.textarea.value.trim() ?? '';
      if (reason && request.reason === 'required' && text.length < REASON_MIN) {
        error.showFor(reason.textarea, `Write the reason (at least ${REASON_MIN} characters): the merchant reads it.`);
        return;
      }
      error.clear();
      setBusy(true);
      request.run(text, choice?.select.value ?? '').then(
        () => {
          setBusy(false);
          this.#outcome.record(true);
          // Settled before the close, so the caller hears of the success at once.
          this.#outcome.settle();
          this.#modal.close();
        },
        (failure: unknown) => {
          setBusy(false);
          error.show(request.problem(failure));
        },
      );
    });
    (reason?.textarea ?? actions.confirm).focus();
    return outcome;
  }
}
