export const commentErrors = {
  MUTED: { status: 403, message: 'You are muted in this stream' },
  CHAT_BANNED: { status: 403, message: "You can't chat right now: Streamcart restricted your account from chat" },
} as const;
