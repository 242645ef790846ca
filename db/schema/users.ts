import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

export const ROLES = ['viewer', 'kol', 'merchant', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable('users', {
  id: id(),
  email: text().notNull().unique(),
  passwordHash: text().notNull(),
  displayName: text().notNull(),
  roles: text().array().$type<Role[]>().notNull(),
  createdAt: createdAt(),
  /** Bumped to revoke every token signed before (logout, password change, role change, suspension). */
  tokenVersion: integer().notNull().default(0),
});
