export const orderErrors = {
  INVALID_ORDER_TRANSITION: { status: 409, message: 'The order cannot move to that status now' },
  RESERVATION_ALREADY_ORDERED: { status: 409, message: 'This reservation already has an order' },
  MIXED_MERCHANTS: { status: 400, message: 'One order holds products of one merchant' },
} as const;
