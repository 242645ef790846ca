import { type AccountChange, type AccountView, becomeCreator } from '../../lib/accounts-api.ts';
import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';

/** Selling as a creator (KOL): become one with a short bio, or edit it; then plan shows. */
export class CreatorCard {
  readonly element = h('section', { className: 'card account-card', attrs: { id: 'creator', 'aria-labelledby': 'creator-title' } });
  readonly #title = h('h2', { className: 'card-title', attrs: { id: 'creator-title' } });
  readonly #intro = h('p', { className: 'muted small' });
  readonly #bio = h('textarea', {
    attrs: { id: 'creator-bio', name: 'bio', maxlength: '500', rows: '3', placeholder: 'What your shows are about' },
  });
  readonly #submit = h('button', { className: 'button', attrs: { type: 'submit', id: 'creator-submit' } });
  readonly #shows = h('a', { className: 'button button-outline', attrs: { href: '/shows', id: 'creator-shows' } }, 'My shows');
  readonly #error = h('p', { className: 'form-error', attrs: { role: 'alert' } });

  constructor(deps: { token: () => string; onChanged: (change: AccountChange) => void }) {
    const form = h(
      'form',
      { className: 'account-form' },
      h('label', { className: 'field', attrs: { for: 'creator-bio' } }, 'Bio'),
      this.#bio,
      h('div', { className: 'form-actions' }, this.#submit, this.#shows),
      this.#error,
    );
    this.#error.hidden = true;
    this.element.append(this.#title, this.#intro, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit.disabled = true;
      this.#error.hidden = true;
      becomeCreator(deps.token(), this.#bio.value.trim()).then(
        (change) => {
          this.#submit.disabled = false;
          deps.onChanged(change);
        },
        (error: unknown) => {
          this.#submit.disabled = false;
          this.#error.textContent = error instanceof ApiError ? error.message : 'Could not save; try again.';
          this.#error.hidden = false;
        },
      );
    });
  }

  render(account: AccountView): void {
    const isCreator = account.user.roles.includes('kol');
    this.#title.textContent = isCreator ? 'You are a creator' : 'Sell as a creator (KOL)';
    this.#intro.textContent = isCreator
      ? 'Plan your shows, feature products from the marketplace and earn their commission on every sale.'
      : 'Host live shows, feature products from the marketplace, and earn a commission on everything that sells.';
    this.#submit.textContent = isCreator ? 'Save bio' : 'Become a creator';
    this.#shows.hidden = !isCreator;
    if (document.activeElement !== this.#bio) this.#bio.value = account.creator?.bio ?? '';
  }
}
