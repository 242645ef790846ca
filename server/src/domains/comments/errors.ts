export const commentErrors = {
  MUTED: { status: 403, message: 'You are muted in this stream' },
} as const;
