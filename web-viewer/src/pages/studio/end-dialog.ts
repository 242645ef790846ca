import { DialogActions } from '../../lib/dialog-actions.ts';
import { DialogOutcome } from '../../lib/dialog-outcome.ts';
import { FormError } from '../../lib/form-error.ts';
import { ModalDialog } from '../../lib/modal-dialog.ts';
import '../../styles/dialog.css';

/**
 * "End the show?": ending cannot be taken back (viewers leave, the Buy buttons go), so the KOL
 * confirms. Resolves true once `end()` succeeded, false when the KOL kept streaming.
 */
export class EndShowDialog {
  readonly #modal = new ModalDialog({
    id: 'end-dialog',
    className: 'end-dialog',
    labelledBy: 'end-dialog-title',
    onClose: () => this.#outcome.settle(),
  });
  readonly #outcome = new DialogOutcome(false);

  ask(end: () => Promise<void>): Promise<boolean> {
    const outcome = this.#outcome.next();
    const error = new FormError('end-error');
    const actions = new DialogActions({
      confirmId: 'end-confirm',
      confirmLabel: 'End stream',
      busyLabel: 'Ending…',
      isDanger: true,
      confirmType: 'button',
      cancelId: 'end-cancel',
      cancelLabel: 'Keep streaming',
      onCancel: () => this.#modal.close(),
    });
    actions.confirm.addEventListener('click', () => {
      actions.busy = true;
      this.#modal.busy = true;
      error.clear();
      end().then(
        () => {
          this.#modal.busy = false;
          this.#outcome.record(true);
          this.#modal.close();
        },
        (failure: unknown) => {
          actions.busy = false;
          this.#modal.busy = false;
          error.show(failure instanceof Error ? failure.message : 'Could not end the stream; try again.');
        },
      );
    });
    this.#modal.showQuestion(
      { title: 'End the show for everyone?', text: 'Viewers leave the room and can no longer buy from it. This cannot be undone.' },
      error.element,
      actions.element,
    );
    actions.cancel.focus();
    return outcome;
  }
}
