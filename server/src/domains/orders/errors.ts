export const orderErrors = {
  INVALID_ORDER_TRANSITION: { status: 409, message: 'The order cannot move to that status now' },
  RESERVATION_ALREADY_ORDERED: { status: 409, message: 'This reservation already has an order' },
  MIXED_MERCHANTS: { status: 400, message: 'One order holds products of one merchant' },
  ORDER_TOTAL_TOO_LARGE: { status: 400, message: 'The order total is too large; order fewer items at once' },
  ORDER_NOT_CANCELLABLE: { status: 409, message: 'Only an unpaid order, or a paid one that has not shipped, can be cancelled' },
  REFUND_NOT_REQUESTABLE: { status: 409, message: 'A refund can be requested once the order has shipped and until its return window ends' },
  RETURN_WINDOW_CLOSED: { status: 409, message: "The order's return window has ended" },
  REFUND_ALREADY_REQUESTED: { status: 409, message: 'A refund request on this order is already waiting for the merchant' },
  REFUND_REQUEST_NOT_FOUND: { status: 404, message: 'This order has no refund request' },
  REFUND_REQUEST_ANSWERED: { status: 409, message: 'This refund request has already been answered' },
  INVALID_REFUND_REQUEST_TRANSITION: { status: 409, message: 'The refund request cannot move to that status now' },
} as const;
