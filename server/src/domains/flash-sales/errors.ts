export const flashSaleErrors = {
  SOLD_OUT: { status: 409, message: 'This item is sold out' },
  SALE_NOT_ACTIVE: { status: 409, message: 'This flash sale is not open' },
  SALE_NOT_EDITABLE: { status: 409, message: 'Only a sale that has not opened yet can be changed or cancelled' },
  HOLD_EXPIRED: { status: 409, message: 'Your reservation has expired' },
  HOLD_ALREADY_SOLD: { status: 409, message: 'This reservation has been paid for' },
  PURCHASE_LIMIT_REACHED: { status: 429, message: 'You already hold as many as this sale allows' },
  INVALID_STREAM_APPROVAL: {
    status: 409,
    message: 'That decision is not open for this sale now (it opened already, or it is not proposed or accepted)',
  },
  INSUFFICIENT_STOCK: { status: 409, message: 'The product has less stock than the sale quantity' },
} as const;
