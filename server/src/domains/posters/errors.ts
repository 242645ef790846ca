export const posterErrors = {
  POSTER_NOT_AN_IMAGE: { status: 415, message: 'Send a JPEG, PNG or WebP frame' },
} as const;
