export const accountErrors = {
  STORE_REQUEST_PENDING: { status: 409, message: 'Your store is waiting for an admin to approve it' },
  STORE_REQUEST_NOT_PENDING: { status: 409, message: 'This store request has already been answered' },
  ADDRESS_BOOK_FULL: { status: 409, message: 'Your address book is full: delete an address first' },
} as const;
