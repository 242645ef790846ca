export const streamErrors = {
  INVALID_STREAM_TRANSITION: { status: 409, message: 'The stream cannot move to that status now' },
  NOT_IN_SHOWCASE: { status: 409, message: 'Add the product to the showcase before pinning it' },
} as const;
