export const catalogErrors = {
  PRODUCT_NOT_AVAILABLE: { status: 409, message: 'This product is not on sale' },
  OUT_OF_STOCK: { status: 409, message: 'Not enough stock for this quantity' },
} as const;
