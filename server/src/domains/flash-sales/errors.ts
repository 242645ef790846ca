export const flashSaleErrors = {
  SOLD_OUT: { status: 409, message: 'This item is sold out' },
  SALE_NOT_ACTIVE: { status: 409, message: 'This flash sale is not open' },
  HOLD_EXPIRED: { status: 409, message: 'Your reservation has expired' },
  PURCHASE_LIMIT_REACHED: { status: 429, message: 'You already hold as many as this sale allows' },
  INSUFFICIENT_STOCK: { status: 409, message: 'The product has less stock than the sale quantity' },
} as const;
