import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, type Actor, buildWorld, tokenOf, type World } from '../authorization-matrix/world.ts';
import { startTestEngine, type TestEngine } from '../harness.ts';
import {
  asQueryValue,
  HOSTILE_SEGMENTS,
  HOSTILE_VALUES,
  LONG_QUERY_VALUE,
  NESTED_HOSTILE_VALUES,
  QUICK_HOSTILE_VALUES,
} from './hostile.ts';
import { paramValue, plausible, type Route, rank, routesOf } from './openapi.ts';
import { type Probe, type StatusCounts, sendAll } from './probe.ts';

/**
 * Every route of /docs/json, every field of its body, query and path, with hostile values: as its
 * owner with the full list, as every other actor with a few. 0 × 5xx, every 4xx in the error shape.
 */

/** Whose object the route's path names, so its owner gets past the ownership check. */
function ownerOf(route: Route): Actor {
  const { path } = route;
  if (path.startsWith('/api/admin')) return 'admin';
  if (path.startsWith('/api/me/shows')) return 'owningKol';
  if (/^\/api\/orders\/\{id\}\/(review|cancel|complete|refund-request)$/.test(path)) return 'viewer';
  if (/^\/api\/(me|payments|checkouts|groups|share-links|reports|orders$)|^\/s\//.test(path)) return 'viewer';
  if (/^\/api\/(streams|kols)/.test(path)) return 'owningKol';
  return 'owningMerchant';
}

type Json = Record<string, unknown>;

/** Paths of the leaves of a plausible body (objects and the first array item, three levels deep). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (prefix.length >= 3 || value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.slice(0, 1).map((v, i) => [i, v] as const) : Object.entries(value);
  const paths = entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  return prefix.length ? [prefix, ...paths] : paths;
}

function withValue(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Json;
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

function probesFor(world: World, route: Route): Probe[] {
  const owner = ownerOf(route);
  const params = Object.fromEntries(route.pathParams.map((p) => [p, encodeURIComponent(paramValue(world, route, p))]));
  const pathWith = (override: Record<string, string> = {}) =>
    route.path.replace(/\{(\w+)\}/g, (_m, name: string) => override[name] ?? params[name] ?? '');
  const query = Object.fromEntries(Object.entries(route.query).map(([name, schema]) => [name, plausible(world, schema, name)]));
  const queryString = (q: Record<string, unknown>) => {
    const parts = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${asQueryValue(v)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  };
  const body = route.body ? plausible(world, route.body) : undefined;
  const key = `${route.method} ${route.path}`;
  const probes: Probe[] = [];
  const add = (actor: Actor, label: string, parts: { path?: string; body?: unknown; query?: Record<string, unknown> }) =>
    probes.push({
      method: route.method,
      path: `${parts.path ?? pathWith()}${queryString(parts.query ?? query)}`,
      token: tokenOf(world, actor),
      body: 'body' in parts ? parts.body : body,
      label: `${key} as ${actor}: ${label}`,
    });

  const bodyLeaves = leafPaths(body);
  const firstLeaf = bodyLeaves[0];
  const firstQuery = Object.keys(route.query)[0];
  for (const actor of ACTORS) {
    add(actor, 'plausible request', {});
    for (const h of QUICK_HOSTILE_VALUES) {
      if (firstLeaf) add(actor, `${h.name} in body.${firstLeaf.join('.')}`, { body: withValue(body, firstLeaf, h.value) });
      else if (firstQuery) add(actor, `${h.name} in ?${firstQuery}`, { query: { ...query, [firstQuery]: h.value } });
    }
  }
  for (const leaf of bodyLeaves) {
    for (const h of leaf.length > 1 ? NESTED_HOSTILE_VALUES : HOSTILE_VALUES) {
      add(owner, `${h.name} in body.${leaf.join('.')}`, { body: withValue(body, leaf, h.value) });
    }
    add(owner, `body.${leaf.join('.')} missing`, { body: withValue(body, leaf, undefined, true) });
  }
  if (body !== undefined) {
    if (body && typeof body === 'object' && !Array.isArray(body))
      add(owner, 'an extra field', { body: { ...body, isAdmin: true, roles: ['admin'] } });
    for (const whole of [null, [], 'not json {', 1e308, 'x'.repeat(100_000)])
      add(owner, `body ${JSON.stringify(whole).slice(0, 20)}`, { body: whole });
  } else if (route.method !== 'GET') {
    add(owner, 'an unexpected body', { body: { unexpected: 'a\u0000b' } });
  }
  for (const name of Object.keys(route.query)) {
    for (const h of HOSTILE_VALUES) {
      const value = h.name === '100k chars' ? LONG_QUERY_VALUE : h.value;
      add(owner, `${h.name} in ?${name}`, { query: { ...query, [name]: value } });
    }
  }
  for (const name of route.pathParams) {
    for (const segment of HOSTILE_SEGMENTS) add(owner, `{${name}} = ${segment.slice(0, 24)}`, { path: pathWith({ [name]: segment }) });
  }
  return probes;
}

describe('HTTP fuzzing of every route in /docs/json', () => {
  let engine: TestEngine;
  let world: World;

  beforeAll(async () => {
    engine = await startTestEngine();
    world = await buildWorld(engine);
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('answers hostile values in every field, as every actor, without a 5xx and with every 4xx in the error shape', async () => {
    const { body: doc } = await engine.http('GET', '/docs/json');
    const routes = routesOf(doc).sort((a, b) => rank(a) - rank(b));
    expect(routes.length).toBeGreaterThan(50);
    const findings = [];
    const counts: StatusCounts = {};
    let sent = 0;
    for (const stage of [0, 1, 2, 3]) {
      const probes = routes.filter((r) => rank(r) === stage).flatMap((r) => probesFor(world, r));
      sent += probes.length;
      findings.push(...(await sendAll(engine.url, probes, counts)));
    }
    expect(sent).toBeGreaterThan(2_000);
    // Plausible requests get through: the hostile ones reach the handlers, not only the schemas.
    expect(counts['2xx'] ?? 0, JSON.stringify(counts)).toBeGreaterThan(300);
    expect(findings, `${findings.length} of ${sent} answers broke the rules`).toEqual([]);

    // Healthy afterwards: it answers, and a fresh user can still sign up and browse.
    expect((await engine.http('GET', '/api/health')).status).toBe(200);
    expect((await engine.http('GET', '/api/products')).status).toBe(200);
    const fresh = await engine.http('POST', '/api/auth/register', {
      body: { email: 'after-fuzz@example.test', password: 'correct horse battery', displayName: 'After' },
    });
    expect(fresh.status).toBe(201);
  }, 240_000);
});
