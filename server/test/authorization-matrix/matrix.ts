import { randomBytes } from 'node:crypto';
import { paramValue, plausible, type Route } from '../fuzz/openapi.ts';
import type { TestEngine } from '../harness.ts';
import { makeAdmin } from '../moderation-admin.ts';
import { ACTORS, type Actor, tokenOf, type World } from './world.ts';

/**
 * One route's row: the status each actor gets. `others` stands for every actor not named.
 * By default the path carries the world's objects (see `paramValue`) and the body is a plausible
 * one built from the route's schema; give `path` or `body` when that default is not what the row tests.
 */
export interface MatrixRow {
  /** `METHOD /path` exactly as /docs/json names it, e.g. `GET /api/products/{id}`. */
  route: string;
  expect: Partial<Record<Actor | 'others', number>>;
  path?: (world: World) => string;
  body?: (world: World) => unknown;
  /**
   * Each actor calls as a newly registered user with that actor's role (routes that end the
   * session, change roles or delete the account must not spoil the world for the rows after them).
   */
  freshCaller?: boolean;
  /** No user token needed although anonymous is refused for another reason (a webhook's own signature). */
  public?: boolean;
  /** Why a cell is what it is, when that is not obvious. */
  note?: string;
}

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

export function expected(row: MatrixRow, actor: Actor): number | undefined {
  return row.expect[actor] ?? row.expect.others;
}

const ROLES_OF: Record<Exclude<Actor, 'anonymous' | 'admin'>, string[]> = {
  viewer: ['viewer'],
  otherMerchant: ['merchant'],
  owningMerchant: ['merchant'],
  otherKol: ['kol'],
  owningKol: ['kol'],
};

async function freshToken(engine: TestEngine, actor: Actor): Promise<string | undefined> {
  if (actor === 'anonymous') return undefined;
  if (actor === 'admin') return (await makeAdmin(engine)).token;
  const email = `fresh-${randomBytes(4).toString('hex')}@example.test`;
  const answer = await engine.http('POST', '/api/auth/register', {
    body: { email, password: 'correct horse battery', displayName: 'Fresh caller', roles: ROLES_OF[actor] },
  });
  return answer.body?.token;
}

/** Sends the row's request as `actor`; returns the status. */
export async function callCell(engine: TestEngine, world: World, route: Route, row: MatrixRow | undefined, actor: Actor): Promise<number> {
  const path = row?.path?.(world) ?? route.path.replace(/\{(\w+)\}/g, (_m, name: string) => paramValue(world, route, name));
  const body = row?.body ? row.body(world) : route.body ? plausible(world, route.body) : undefined;
  const token = row?.freshCaller ? await freshToken(engine, actor) : tokenOf(world, actor);
  const answer = await engine.http(route.method, path, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
  return answer.status;
}

/** A row as source text, for a route that has none (printed by the test to paste into rows.ts). */
export function draftRow(route: Route, statuses: Record<Actor, number>): string {
  const counts = new Map<number, number>();
  for (const status of Object.values(statuses)) counts.set(status, (counts.get(status) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 200;
  const named = ACTORS.filter((a) => statuses[a] !== common).map((a) => `${a}: ${statuses[a]}`);
  return `  { route: '${routeKey(route)}', expect: { ${[...named, `others: ${common}`].join(', ')} } },`;
}
