export const streamErrors = {
  INVALID_STREAM_TRANSITION: { status: 409, message: 'The stream cannot move to that status now' },
  STREAM_NOT_LIVE: { status: 409, message: 'The stream is not live' },
  NOT_IN_SHOWCASE: { status: 409, message: 'Add the product to the showcase before pinning it' },
} as const;
