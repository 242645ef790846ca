export const paymentErrors = {
  INVALID_SIGNATURE: { status: 401, message: 'The webhook signature is missing, wrong, stale or replayed' },
  PAYMENT_NOT_PENDING: { status: 409, message: 'This payment is no longer pending' },
} as const;
