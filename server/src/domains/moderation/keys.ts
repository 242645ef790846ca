/**
 * Every Redis key of moderation. The chat-ban keys share one hash tag, so the comment path reads a
 * user's flag and the "flags are loaded" marker with one MGET (one slot, also on a cluster).
 */
export const moderationKeys = {
  /** `{reason, until}` of a user's chat ban, expiring with it; absent when the user may chat. */
  chatBan: (userId: string) => `{chat-bans}:user:${userId}`,
  /** Set once every ban in PostgreSQL has its flag; gone after a Redis flush, which makes the next check rebuild. */
  chatBansLoaded: () => '{chat-bans}:loaded',
};
