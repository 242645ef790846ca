import { and, type Column, lt, or, type SQL, sql } from 'drizzle-orm';

/**
 * Where a newest-first list ordered by (created_at, id) goes on. The time is kept as PostgreSQL
 * prints it (`created_at::text`): a JS Date would round its microseconds away and skip rows.
 */
export interface PageCursor {
  createdAt: string;
  id: string;
}

/** The `nextCursor` after a row; pass `sql<string>`${column}::text`` as `exactCreatedAt`. */
export function encodeCursor(exactCreatedAt: string, id: string): string {
  return Buffer.from(`${exactCreatedAt}|${id}`).toString('base64url');
}

/** The cursor, or undefined when it is not one of ours (the list then starts at the top). */
export function decodeCursor(cursor: string): PageCursor | undefined {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Only a timestamp as PostgreSQL prints it goes back into the query.
  return createdAt && id && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(createdAt) ? { createdAt, id } : undefined;
}

/** Rows after `cursor` in (createdAt, id) descending order. */
export function olderThan(createdAt: Column, id: Column, cursor: PageCursor): SQL | undefined {
  return or(
    sql`${createdAt} < ${cursor.createdAt}::timestamptz`,
    and(sql`${createdAt} = ${cursor.createdAt}::timestamptz`, lt(id, cursor.id)),
  );
}
