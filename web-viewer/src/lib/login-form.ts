import type { SignUpRole } from './accounts-api.ts';
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { type Session, signIn } from './session.ts';
import { signUpForm } from './sign-up-form.ts';

/**
 * A small sign-in box with "Create an account" beside it: the sign-up form takes its place in the
 * same slot, so whatever the page was doing (a hold counting down, a typed comment) stays as it
 * was. Calls `onSignedIn` with the new session (either way) and removes itself.
 */
export function mountLoginForm(
  slot: HTMLElement,
  options: {
    title: string;
    hint?: string;
    compact?: boolean;
    onSignedIn: (session: Session) => void;
    /** Called instead of `onSignedIn` after a sign-up, with what the person picked. */
    onSignedUp?: (session: Session, role: SignUpRole) => void;
  },
): { remove(): void } {
  const box = h('div', { className: 'auth-box' });
  const done = (session: Session) => {
    box.remove();
    options.onSignedIn(session);
  };
  const switchLine = (text: string, label: string, to: () => void) => {
    const button = h('button', { className: 'link-button', attrs: { type: 'button' } }, label);
    button.addEventListener('click', to);
    return h('p', { className: 'small muted auth-switch' }, text, button);
  };
  const showSignIn = () => {
    box.replaceChildren(
      signInForm({ ...options, onSignedIn: done }),
      switchLine('New here? ', 'Create an account', () => {
        showSignUp();
        box.querySelector('input')?.focus();
      }),
    );
  };
  const showSignUp = () => {
    box.replaceChildren(
      signUpForm({
        compact: Boolean(options.compact),
        onSignedUp: (session, role) => {
          box.remove();
          if (options.onSignedUp) options.onSignedUp(session, role);
          else options.onSignedIn(session);
        },
      }),
      switchLine('Have an account? ', 'Sign in', () => {
        showSignIn();
        box.querySelector('input')?.focus();
      }),
    );
  };
  showSignIn();
  slot.replaceChildren(box);
  return { remove: () => box.remove() };
}

function signInForm(options: { title: string; hint?: string; compact?: boolean; onSignedIn: (session: Session) => void }): HTMLFormElement {
  const email = h('input', {
    attrs: { type: 'email', name: 'email', autocomplete: 'username', required: '', placeholder: 'you@example.com' },
  });
  const password = h('input', {
    attrs: { type: 'password', name: 'password', autocomplete: 'current-password', required: '', placeholder: 'Password' },
  });
  const error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Sign in');
  const form = h(
    'form',
    { className: options.compact ? 'login-form compact' : 'login-form card', attrs: { 'aria-label': options.title } },
    h('h2', { className: 'card-title' }, options.title),
    options.hint ? h('p', { className: 'muted small' }, options.hint) : null,
    h('label', { className: 'field' }, h('span', {}, 'Email'), email),
    h('label', { className: 'field' }, h('span', {}, 'Password'), password),
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    signIn(email.value.trim(), password.value).then(
      (session) => options.onSignedIn(session),
      (failure: unknown) => {
        submit.disabled = false;
        error.textContent = failure instanceof ApiError ? failure.message : 'Could not reach the server; try again.';
        error.hidden = false;
      },
    );
  });
  return form;
}
