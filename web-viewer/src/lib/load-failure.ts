import { ApiError } from './api.ts';
import { h } from './dom.ts';

/** The contents of a section's error state: what failed, why in plain words, and a retry button. */
export function loadFailure(what: string, error: unknown, retry: () => void): HTMLElement[] {
  const reason =
    error instanceof ApiError
      ? error.code === 'UNAUTHENTICATED'
        ? 'You have been signed out; sign in again to continue.'
        : error.message
      : 'The server did not answer. Check your connection and try again.';
  const button = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Try again');
  button.addEventListener('click', retry);
  return [h('p', { className: 'panel-state-title' }, `Could not load your ${what}`), h('p', { className: 'muted small' }, reason), button];
}
