import { ApiError } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';

/** A refusal from the moderation API in the admin's words. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach the server; check your connection and try again.';
  switch (error.code) {
    case 'ALREADY_TAKEN_DOWN':
      return 'This product is already taken down.';
    case 'NOT_TAKEN_DOWN':
      return 'This product is not taken down (anymore): there is nothing to restore.';
    case 'ALREADY_SUSPENDED':
      return 'This merchant is already suspended.';
    case 'NOT_SUSPENDED':
      return 'This merchant is not suspended (anymore): there is nothing to reinstate.';
    case 'STREAM_NOT_LIVE':
      return 'This show is not live (anymore): there is nothing to end.';
    case 'COMMENT_ALREADY_REMOVED':
      return 'This comment is already removed (its host may have deleted it).';
    case 'REVIEW_ALREADY_REMOVED':
      return 'This review is already removed.';
    case 'NOT_CHAT_BANNED':
      return 'This user is not restricted from chat (anymore): there is nothing to lift.';
    case 'NOT_FOUND':
      return 'It no longer exists: reload the list.';
    case 'FORBIDDEN':
      return 'Your account is not an admin account (anymore): sign in again with one.';
    case 'UNAUTHENTICATED':
      return 'Your session ended: sign in again to continue.';
    case 'VALIDATION_FAILED':
      return 'Write a reason of 3 to 500 characters.';
    default:
      return error.message;
  }
}

/** An admin list's error state: what could not load, why in plain words, and a retry button. */
export function listFailure(what: string, error: unknown, retry: () => void): HTMLElement[] {
  const button = h('button', { className: 'button button-outline', attrs: { type: 'button' } }, 'Try again');
  button.addEventListener('click', retry);
  return [
    h('p', { className: 'panel-state-title' }, `Could not load the ${what}`),
    h('p', { className: 'muted small' }, problemText(error)),
    button,
  ];
}
