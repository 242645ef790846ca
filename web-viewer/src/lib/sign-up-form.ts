import '../styles/sign-up.css';
import type { SignUpRole } from './accounts-api.ts';
import { ApiError, api, type User } from './api.ts';
import { h } from './dom.ts';
import { type Session, saveSession } from './session.ts';

/** What the person picks at sign-up; each asks the server for these roles. */
const ROLE_CHOICES: readonly { role: SignUpRole; label: string; hint: string }[] = [
  { role: 'viewer', label: 'Watch and shop', hint: 'Follow shows, chat and buy.' },
  { role: 'kol', label: 'Sell as a creator (KOL)', hint: 'Host live shows and earn commission on what sells.' },
  { role: 'merchant', label: 'Sell as a merchant', hint: 'List products; creators sell them in their shows.' },
];

const MESSAGES: Record<string, string> = {
  EMAIL_TAKEN: 'An account with this email already exists: sign in instead.',
  VALIDATION_FAILED: 'Check the fields: a valid email, and a password of 8 or more characters.',
  RATE_LIMITED: 'Too many tries at once. Wait a moment and try again.',
};

/** Creates the account with the roles of `role` and keeps its session. Throws ApiError (EMAIL_TAKEN, VALIDATION_FAILED). */
export async function signUp(input: { displayName: string; email: string; password: string; role: SignUpRole }): Promise<Session> {
  const roles = input.role === 'viewer' ? ['viewer'] : ['viewer', input.role];
  const session = await api<Session & { user: User }>('POST', '/api/auth/register', {
    body: { displayName: input.displayName, email: input.email, password: input.password, roles },
  });
  saveSession({ token: session.token, user: session.user });
  return { token: session.token, user: session.user };
}

let formCount = 0;

/**
 * The create-account form: name, email, password, and what the person wants to do here (watch and
 * shop, sell as a creator, sell as a merchant). It signs the new account in and calls
 * `onSignedUp`, leaving the page around it as it was (a running hold, a typed comment).
 */
export function signUpForm(options: {
  title?: string;
  compact?: boolean;
  onSignedUp: (session: Session, role: SignUpRole) => void;
}): HTMLFormElement {
  const n = ++formCount;
  const field = (label: string, input: HTMLInputElement) => h('label', { className: 'field' }, h('span', {}, label), input);
  const name = h('input', { attrs: { name: 'displayName', autocomplete: 'nickname', required: '', maxlength: '80' } });
  const email = h('input', {
    attrs: { type: 'email', name: 'email', autocomplete: 'username', required: '', maxlength: '254', placeholder: 'you@example.com' },
  });
  const password = h('input', {
    attrs: { type: 'password', name: 'password', autocomplete: 'new-password', required: '', minlength: '8', maxlength: '200' },
  });
  const radios = ROLE_CHOICES.map((choice, i) => {
    const input = h('input', { attrs: { type: 'radio', name: `sign-up-role-${n}`, value: choice.role } });
    input.checked = i === 0;
    return h(
      'label',
      { className: 'role-choice' },
      input,
      h('span', { className: 'role-choice-text' }, h('strong', {}, choice.label), h('span', { className: 'muted small' }, choice.hint)),
    );
  });
  const error = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Create account');
  const title = options.title ?? 'Create an account';
  const form = h(
    'form',
    { className: `login-form sign-up-form${options.compact ? ' compact' : ' card'}`, attrs: { 'aria-label': title } },
    h('h2', { className: 'card-title' }, title),
    field('Name others see', name),
    field('Email', email),
    field('Password (8 or more characters)', password),
    h('fieldset', { className: 'role-choices' }, h('legend', {}, 'What brings you here?'), ...radios),
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const role = (form.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value ?? 'viewer') as SignUpRole;
    submit.disabled = true;
    error.hidden = true;
    signUp({ displayName: name.value.trim(), email: email.value.trim(), password: password.value, role }).then(
      (session) => options.onSignedUp(session, role),
      (failure: unknown) => {
        submit.disabled = false;
        error.textContent =
          failure instanceof ApiError ? (MESSAGES[failure.code] ?? failure.message) : 'Could not reach the server; try again.';
        error.hidden = false;
      },
    );
  });
  return form;
}
