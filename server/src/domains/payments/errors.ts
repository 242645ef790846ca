export const paymentErrors = {
  INVALID_SIGNATURE: { status: 401, message: 'The webhook signature is missing, wrong, stale or replayed' },
  PAYMENT_NOT_PENDING: { status: 409, message: 'This payment is no longer pending' },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    status: 503,
    message: 'The payment provider cannot do this yet: refunds need a provider integration (docs/deploy.md "Payments")',
  },
} as const;
