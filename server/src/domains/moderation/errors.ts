export const moderationErrors = {
  CANNOT_REPORT_OWN: { status: 400, message: 'You cannot report your own product, stream, shop, comment or review' },
  ALREADY_TAKEN_DOWN: { status: 409, message: 'This product is already taken down' },
  NOT_TAKEN_DOWN: { status: 409, message: 'Only a taken-down product can be restored' },
  ALREADY_SUSPENDED: { status: 409, message: 'This merchant is already suspended' },
  NOT_SUSPENDED: { status: 409, message: 'This merchant is not suspended' },
  MERCHANT_SUSPENDED: { status: 403, message: 'Your shop is suspended; contact support' },
  PRODUCT_TAKEN_DOWN: { status: 409, message: 'This product was taken down by Streamcart and cannot be edited' },
  COMMENT_ALREADY_REMOVED: { status: 409, message: 'This comment is already removed' },
  REVIEW_ALREADY_REMOVED: { status: 409, message: 'This review is already removed' },
  NOT_CHAT_BANNED: { status: 409, message: 'This user is not restricted from chat' },
} as const;
