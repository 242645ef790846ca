import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { type Session, signIn } from './session.ts';

/** A small sign-in box; calls `onSignedIn` with the new session and removes itself. */
export function mountLoginForm(
  slot: HTMLElement,
  options: { title: string; hint?: string; compact?: boolean; onSignedIn: (session: Session) => void },
): { remove(): void } {
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
      (session) => {
        form.remove();
        options.onSignedIn(session);
      },
      (failure: unknown) => {
        submit.disabled = false;
        error.textContent = failure instanceof ApiError ? failure.message : 'Could not reach the server; try again.';
        error.hidden = false;
      },
    );
  });
  slot.replaceChildren(form);
  return { remove: () => form.remove() };
}
