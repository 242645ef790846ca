/** Redis keys of the fans domain (the client adds the engine's prefix). */
export const fanKeys = {
  /** Points not yet written to PostgreSQL: hash userId → points. */
  pendingPoints: (kolId: string) => `fans:{${kolId}}:pending-points`,
  /** Level of every member, for the comment badge: hash userId → level. */
  levels: (kolId: string) => `fans:{${kolId}}:levels`,
  /** KOLs with pending points. */
  dirty: 'fans:dirty',
};
