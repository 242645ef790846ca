/**
 * PostgreSQL errors, from either driver (postgres.js or PGlite), also when drizzle wraps them in a
 * DrizzleQueryError (whose message and `params` carry the query's parameters: never log those).
 */

/** The fields of a database error that are safe to log: no parameter values, no row contents. */
export interface DbErrorInfo {
  /** SQLSTATE, e.g. 23503. */
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The statement text with its placeholders ($1, $2…), never the values. */
  query?: string;
  message: string;
}

type Fields = Record<string, unknown>;

function causes(error: unknown): Fields[] {
  const chain: Fields[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    chain.push(e as Fields);
    e = (e as Fields).cause;
  }
  return chain;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The database error inside `error`, if there is one. */
export function dbErrorOf(error: unknown): DbErrorInfo | undefined {
  const chain = causes(error);
  const pg = chain.find((e) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code));
  if (!pg) return undefined;
  const query = chain.map((e) => str(e.query)).find(Boolean);
  return {
    code: pg.code as string,
    constraint: str(pg.constraint_name) ?? str(pg.constraint),
    table: str(pg.table_name) ?? str(pg.table),
    column: str(pg.column_name) ?? str(pg.column),
    ...(query ? { query } : {}),
    // Messages such as `invalid input syntax for type integer: "abc"` end with the value.
    message: String(pg.message ?? '').replace(/:\s*".*$/s, ': [value hidden]'),
  };
}

/** True for PostgreSQL's unique_violation (23505), from either driver, also when drizzle wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  return dbErrorOf(error)?.code === '23505';
}

/** How the API answers a database error that reached the error handler, by SQLSTATE class. */
export type DbErrorAnswer = 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION_FAILED';

/**
 * The one place database errors become answers: a reference to a row that does not exist (23503)
 * is a 404 (deleting a row still referenced: 409), a duplicate (23505) a 409, and data the column cannot hold (class 22: NUL, out of range,
 * bad syntax, too long) a 400. Anything else is a bug and stays a 500.
 */
export function answerForDbError(error: unknown): DbErrorAnswer | undefined {
  const info = dbErrorOf(error);
  if (!info) return undefined;
  const { code } = info;
  // "insert or update … violates foreign key": it names a missing row; "update or delete …": a row still in use.
  if (code === '23503') return info.message.startsWith('update or delete') ? 'CONFLICT' : 'NOT_FOUND';
  if (code === '23505') return 'CONFLICT';
  if (code.startsWith('22')) return 'VALIDATION_FAILED';
  return undefined;
}
