import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { TokenService } from '../src/domains/auth/tokens.ts';

export interface Viewer {
  id: string;
  token: string;
}

/**
 * Many viewer accounts at once, for race tests and benchmarks: rows written in bulk (one
 * registration hashes a password for ~50 ms) and tokens signed with the engine's own key.
 * These accounts cannot log in with a password.
 */
export async function makeViewers(deps: { db: Db; tokens: TokenService }, count: number): Promise<Viewer[]> {
  const batch = randomBytes(4).toString('hex');
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    email: `bulk-${batch}-${i}@example.test`,
    passwordHash: 'none',
    displayName: `Viewer ${i}`,
    roles: ['viewer' as const],
  }));
  for (let i = 0; i < rows.length; i += 1000) await deps.db.insert(users).values(rows.slice(i, i + 1000));
  return Promise.all(rows.map(async (row) => ({ id: row.id, token: await deps.tokens.sign({ userId: row.id, roles: row.roles }) })));
}
