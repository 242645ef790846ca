import { type AccountView, updateProfile } from '../../lib/accounts-api.ts';
import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';

const ROLE_NAMES: Record<string, string> = { viewer: 'Shopper', kol: 'Creator', merchant: 'Merchant', admin: 'Admin' };

/** The profile: the name others see (editable), the email, and the roles held. */
export class ProfileCard {
  readonly element = h('section', { className: 'card account-card', attrs: { id: 'profile', 'aria-labelledby': 'profile-title' } });
  readonly #name = h('input', {
    attrs: { id: 'profile-name', name: 'displayName', required: '', maxlength: '80', autocomplete: 'nickname' },
  });
  readonly #email = h('p', { className: 'muted small', attrs: { id: 'profile-email' } });
  readonly #roles = h('p', { className: 'chip-row account-roles', attrs: { id: 'profile-roles' } });
  readonly #save = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Save name');
  readonly #status = h('p', { className: 'small muted', attrs: { role: 'status' } });

  constructor(deps: { token: () => string; onSaved: (account: AccountView) => void }) {
    const form = h(
      'form',
      { className: 'account-form' },
      h('label', { className: 'field', attrs: { for: 'profile-name' } }, 'Name others see'),
      h('div', { className: 'inline-field' }, this.#name, this.#save),
      this.#status,
    );
    this.element.append(h('h2', { className: 'card-title', attrs: { id: 'profile-title' } }, 'Profile'), this.#email, this.#roles, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#save.disabled = true;
      this.#status.textContent = '';
      updateProfile(deps.token(), this.#name.value.trim()).then(
        (account) => {
          this.#save.disabled = false;
          this.#status.textContent = 'Saved.';
          deps.onSaved(account);
        },
        (error: unknown) => {
          this.#save.disabled = false;
          this.#status.textContent = error instanceof ApiError ? error.message : 'Could not save; try again.';
        },
      );
    });
  }

  render(account: AccountView): void {
    if (document.activeElement !== this.#name) this.#name.value = account.user.displayName;
    this.#email.textContent = `Signed in as ${account.user.email}`;
    this.#roles.replaceChildren(
      ...account.user.roles.map((role) => h('span', { className: 'badge role-badge' }, ROLE_NAMES[role] ?? role)),
    );
  }
}
