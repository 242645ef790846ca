export const authErrors = {
  UNAUTHENTICATED: { status: 401, message: 'Sign in to do this' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  INVALID_CREDENTIALS: { status: 401, message: 'Email or password is wrong' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this email already exists' },
  CURRENT_PASSWORD_WRONG: { status: 403, message: 'The current password is wrong' },
} as const;
