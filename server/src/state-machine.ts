import { AppError, type ErrorCode } from './errors.ts';

export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Returns `to` when the table allows `from → to`; otherwise throws `code` (a 409). */
export function assertTransition<S extends string>(table: TransitionTable<S>, from: S, to: S, code: ErrorCode): S {
  if (!table[from].includes(to)) throw new AppError(code, `Cannot move from ${from} to ${to}`);
  return to;
}

/** States that cannot be reached from `start` (a table check for tests). */
export function unreachableStates<S extends string>(table: TransitionTable<S>, start: S): S[] {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of table[s]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return (Object.keys(table) as S[]).filter((s) => !seen.has(s));
}
