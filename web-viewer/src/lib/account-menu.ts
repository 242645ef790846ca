import { ApiError, api } from './api.ts';
import { h, show } from './dom.ts';
import { mountLoginForm } from './login-form.ts';
import { loadSession, type Session, signIn, signOut } from './session.ts';

/** Creates an account (as a viewer) and signs it in. Throws ApiError (EMAIL_TAKEN, VALIDATION_FAILED). */
async function register(displayName: string, email: string, password: string): Promise<Session> {
  await api('POST', '/api/auth/register', { body: { displayName, email, password } });
  return signIn(email, password);
}

/**
 * The header's account button: "Sign in" (with a small sign-in or create-account panel) when
 * signed out, the user's name, "My orders" and "Sign out" when signed in. The forms exist only while the panel
 * is open, so the page has no hidden second sign-in form.
 */
export class AccountMenu {
  readonly #onChange: (session: Session | undefined) => void;
  readonly #root = h('div', { className: 'menu account', attrs: { id: 'account' } });
  readonly #button = h('button', {
    className: 'button button-outline menu-button account-button',
    attrs: { id: 'account-button', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'account-panel' },
  });
  readonly #panel = h('div', {
    className: 'menu-panel account-panel',
    attrs: { id: 'account-panel', role: 'region', 'aria-label': 'Account' },
  });

  constructor(deps: { slot: HTMLElement; onChange: (session: Session | undefined) => void }) {
    this.#onChange = deps.onChange;
    this.#root.append(this.#button, this.#panel);
    deps.slot.append(this.#root);
    this.#button.addEventListener('click', () => this.#toggle(this.#panel.hidden !== false));
    document.addEventListener('click', (event) => {
      // composedPath() still holds a target that the click's own handler has just replaced.
      if (!this.#panel.hidden && !event.composedPath().includes(this.#root)) this.#toggle(false);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#panel.hidden) {
        this.#toggle(false);
        this.#button.focus();
      }
    });
    this.render();
  }

  render(): void {
    const session = loadSession();
    this.#toggle(false);
    this.#button.replaceChildren(
      ...(session
        ? [
            h('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } }, initial(session.user.displayName)),
            session.user.displayName,
          ]
        : ['Sign in']),
    );
    this.#button.classList.toggle('is-signed-in', Boolean(session));
  }

  #toggle(open: boolean): void {
    show(this.#panel, open);
    this.#button.setAttribute('aria-expanded', String(open));
    if (!open) {
      this.#panel.replaceChildren();
      return;
    }
    const session = loadSession();
    if (session) this.#renderSignedIn(session);
    else this.#renderSignIn();
  }

  #renderSignedIn(session: Session): void {
    const out = h('button', { className: 'button button-outline', attrs: { id: 'sign-out', type: 'button' } }, 'Sign out');
    out.addEventListener('click', () => {
      signOut();
      this.render();
      this.#onChange(undefined);
    });
    const links = [
      h('a', { attrs: { href: '/orders', id: 'account-orders' } }, 'My orders'),
      ...(session.user.roles.includes('merchant') ? [h('a', { attrs: { href: '/merchant' } }, 'Merchant console')] : []),
      ...(session.user.roles.includes('admin') ? [h('a', { attrs: { href: '/admin' } }, 'Moderation')] : []),
    ];
    this.#panel.replaceChildren(
      h(
        'p',
        { className: 'account-who' },
        h('strong', {}, session.user.displayName),
        h('span', { className: 'muted small' }, session.user.email),
      ),
      ...links,
      out,
    );
  }

  #renderSignIn(): void {
    const slot = h('div');
    const toRegister = h('button', { className: 'link-button', attrs: { type: 'button' } }, 'Create an account');
    toRegister.addEventListener('click', () => this.#renderRegister());
    this.#panel.replaceChildren(slot, h('p', { className: 'small muted account-switch' }, 'New here? ', toRegister));
    mountLoginForm(slot, {
      title: 'Sign in',
      hint: 'For follows, notifications and checkout.',
      compact: true,
      onSignedIn: (session) => this.#signedIn(session),
    });
    slot.querySelector('input')?.focus();
  }

  #renderRegister(): void {
    const field = (label: string, input: HTMLInputElement) => h('label', { className: 'field' }, h('span', {}, label), input);
    const name = h('input', { attrs: { name: 'displayName', autocomplete: 'nickname', required: '', maxlength: '80' } });
    const email = h('input', { attrs: { type: 'email', name: 'email', autocomplete: 'username', required: '', maxlength: '254' } });
    const password = h('input', {
      attrs: { type: 'password', name: 'password', autocomplete: 'new-password', required: '', minlength: '8', maxlength: '200' },
    });
    const error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
    error.hidden = true;
    const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Create account');
    const form = h(
      'form',
      { className: 'login-form compact', attrs: { 'aria-label': 'Create an account' } },
      h('h2', { className: 'card-title' }, 'Create an account'),
      field('Name others see', name),
      field('Email', email),
      field('Password (8 or more characters)', password),
      submit,
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.hidden = true;
      register(name.value.trim(), email.value.trim(), password.value).then(
        (session) => this.#signedIn(session),
        (failure: unknown) => {
          submit.disabled = false;
          error.textContent = failure instanceof ApiError ? failure.message : 'Could not reach the server; try again.';
          error.hidden = false;
        },
      );
    });
    const toSignIn = h('button', { className: 'link-button', attrs: { type: 'button' } }, 'Sign in');
    toSignIn.addEventListener('click', () => this.#renderSignIn());
    this.#panel.replaceChildren(form, h('p', { className: 'small muted account-switch' }, 'Have an account? ', toSignIn));
    name.focus();
  }

  #signedIn(session: Session): void {
    this.render();
    this.#onChange(session);
  }
}

function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}
