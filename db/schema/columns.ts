import { randomUUID } from 'node:crypto';
import { text, timestamp } from 'drizzle-orm/pg-core';

/** Primary key: an opaque string id made by the application. */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => randomUUID());

export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const at = () => timestamp({ withTimezone: true, mode: 'date' });
