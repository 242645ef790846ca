import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rank, routesOf } from '../fuzz/openapi.ts';
import { startTestEngine, type TestEngine } from '../harness.ts';
import { callCell, draftRow, expected, type MatrixRow, routeKey } from './matrix.ts';
import { MATRIX } from './rows.ts';
import { ACTORS, type Actor, buildWorld, type World } from './world.ts';

/**
 * Every route of /docs/json × {anonymous, viewer, other merchant, owning merchant, other KOL,
 * owning KOL, admin}: each cell answers the status its row in rows.ts expects. A route without a
 * row fails, with a draft row (the statuses seen now) to check and paste into rows.ts.
 */
/** Date-time schemas that Swagger UI would show as regex gibberish (no example, or zod's pattern left on). */
function unreadableDates(node: unknown, path = ''): string[] {
  if (!node || typeof node !== 'object') return [];
  const schema = node as Record<string, unknown>;
  const here = schema.format === 'date-time' && (schema.example === undefined || schema.pattern !== undefined) ? [path] : [];
  return [...here, ...Object.entries(schema).flatMap(([key, value]) => unreadableDates(value, `${path}/${key}`))];
}

/** MATRIX_OBSERVE=<file>: write a draft row of every route as it answers now (to review a change of many cells). */
const OBSERVE = process.env.MATRIX_OBSERVE;

describe('the authorization matrix', () => {
  let engine: TestEngine;
  let world: World;

  beforeAll(async () => {
    engine = await startTestEngine();
    world = await buildWorld(engine);
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('has one row per route, and every cell answers the status its row expects', async () => {
    const { body: doc } = await engine.http('GET', '/docs/json');
    const routes = routesOf(doc).sort((a, b) => rank(a) - rank(b));
    expect(doc.info.description).toContain('POST /api/auth/login');
    expect(unreadableDates(doc), 'date-times in /docs/json without a readable example').toEqual([]);
    const rows = new Map(MATRIX.map((row) => [row.route, row]));
    expect(rows.size, 'a route has two rows in rows.ts').toBe(MATRIX.length);

    const mismatches: string[] = [];
    const drafts: string[] = [];
    // Cells run in order, a route at a time: reads first, then writes, then routes that end sessions.
    for (const route of routes) {
      const row = rows.get(routeKey(route));
      const seen = {} as Record<Actor, number>;
      // Reads change nothing, so their cells go at once; a write's cells go one after another.
      if (route.method === 'GET') {
        await Promise.all(ACTORS.map(async (actor) => (seen[actor] = await callCell(engine, world, route, row, actor))));
      } else {
        for (const actor of ACTORS) seen[actor] = await callCell(engine, world, route, row, actor);
      }
      for (const actor of ACTORS) {
        const want = row ? expected(row, actor) : undefined;
        if (row && seen[actor] !== want) mismatches.push(`${row.route} as ${actor}: expected ${want}, got ${seen[actor]}`);
      }
      if (!row || OBSERVE) drafts.push(draftRow(route, seen));
    }
    if (OBSERVE) {
      writeFileSync(OBSERVE, `${drafts.join('\n')}\n`);
      return;
    }
    const stale = [...rows.keys()].filter((key) => !routes.some((route) => routeKey(route) === key));

    expect(
      drafts,
      `routes without a row in rows.ts (the world could not make: ${world.missing.join('; ') || 'nothing'}); drafts of what they answer now:\n${drafts.join('\n')}\n`,
    ).toEqual([]);
    expect(stale, 'rows for routes that no longer exist').toEqual([]);
    // /docs shows the lock exactly on the routes an anonymous caller is refused (401).
    const lockOutOfStep = routes
      .filter((route) => rows.has(routeKey(route)))
      .filter((route) => {
        const row = rows.get(routeKey(route)) as MatrixRow;
        const anonymousRefused = !row.public && expected(row, 'anonymous') === 401;
        const locked = !(Array.isArray(route.security) && route.security.length === 0);
        return anonymousRefused !== locked;
      })
      .map(routeKey);
    expect(lockOutOfStep, 'routes whose lock in /docs disagrees with the anonymous cell (PUBLIC_ROUTES in plugins/swagger.ts)').toEqual([]);
    expect(mismatches, `cells that answer otherwise (world could not make: ${world.missing.join('; ') || 'nothing'})`).toEqual([]);
  }, 240_000);
});
