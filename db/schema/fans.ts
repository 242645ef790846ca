import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.ts';
import { users } from './users.ts';

/** A viewer in a KOL's fan group; points come from minutes watched, comments and purchases. */
export const fanMemberships = pgTable(
  'fan_memberships',
  {
    kolId: text()
      .notNull()
      .references(() => users.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    points: integer().notNull().default(0),
    joinedAt: createdAt(),
    updatedAt: at(),
  },
  (t) => [primaryKey({ columns: [t.kolId, t.userId] }), index().on(t.kolId, t.points)],
);
