import { h } from './dom.ts';
import { mountLoginForm } from './login-form.ts';
import type { Session } from './session.ts';

/** A small modal that asks a signed-out visitor to sign in before an action (like, follow …). */
export class SignInDialog {
  readonly #dialog = h('dialog', { className: 'sign-in-dialog', attrs: { id: 'sign-in-dialog', 'aria-label': 'Sign in' } });
  readonly #onSignedIn: (session: Session) => void;

  constructor(options: { onSignedIn: (session: Session) => void }) {
    this.#onSignedIn = options.onSignedIn;
    this.#dialog.addEventListener('click', (event) => {
      // A click on the backdrop lands on the dialog element itself.
      if (event.target === this.#dialog) this.#dialog.close();
    });
    document.body.append(this.#dialog);
  }

  open(title: string, hint: string): void {
    const close = h('button', { className: 'icon-button sign-in-close', attrs: { type: 'button', 'aria-label': 'Close' } }, '×');
    close.addEventListener('click', () => this.#dialog.close());
    const slot = h('div');
    this.#dialog.replaceChildren(close, slot);
    mountLoginForm(slot, {
      title,
      hint,
      onSignedIn: (session) => {
        this.#dialog.close();
        this.#onSignedIn(session);
      },
    });
    if (!this.#dialog.open) this.#dialog.showModal();
    slot.querySelector('input')?.focus();
  }
}
