export const privacyErrors = {
  ACCOUNT_HAS_OPEN_OBLIGATIONS: {
    status: 409,
    message: 'This account still has things to finish before it can be deleted (see details.obligations)',
  },
} as const;
