import { randomUUID } from 'node:crypto';
import type { World } from '../authorization-matrix/world.ts';

/** A JSON Schema as /docs/json carries it (the parts the fuzzer reads). */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
}

export interface Route {
  method: string;
  /** OpenAPI path, e.g. /api/products/{id}. */
  path: string;
  pathParams: string[];
  query: Record<string, Schema>;
  /** The JSON body's schema, if the route takes one. */
  body: Schema | undefined;
  bodyType: string | undefined;
  /** The operation's own `security` (an empty list: no token needed). */
  security: unknown[] | undefined;
}

/** Routes that change the world for later probes run late; those that end sessions or roles run last. */
export function rank(route: Route): number {
  const key = `${route.method} ${route.path}`;
  if (/logout|password|creator|\/store\b|\/account|suspend|chat-ban|store-requests|^DELETE \/api\/me$/.test(key)) return 3;
  if (/\/(end|cancel|archive|take-down|remove|refund|decline|approve)\b|^DELETE/.test(key)) return 2;
  return route.method === 'GET' ? 0 : 1;
}

/** Every operation of the generated OpenAPI document. */
export function routesOf(doc: { paths: Record<string, Record<string, any>> }): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const parameters: { in: string; name: string; schema: Schema }[] = op.parameters ?? [];
      const content: Record<string, { schema: Schema }> = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        body: bodyType ? content[bodyType]?.schema : undefined,
        bodyType,
        security: op.security,
      });
    }
  }
  return routes;
}

/** A real object's id for a path parameter, chosen by the path segment before it. */
export function paramValue(world: World, route: Route, param: string): string {
  const { ids, users } = world;
  const byParam: Record<string, string> = {
    commentId: ids.comment,
    userId: users.viewer.id,
    productId: ids.product,
    reservationId: ids.reservation,
    code: ids.shareCode,
  };
  if (param !== 'id') return byParam[param] ?? randomUUID();
  const segment = /\/([\w-]+)\/\{id\}/.exec(route.path)?.[1] ?? '';
  const bySegment: Record<string, string> = {
    products: ids.product,
    streams: ids.stream,
    'flash-sales': ids.flashSale,
    orders: ids.order,
    payments: ids.payment,
    'group-offers': ids.groupOffer,
    groups: ids.group,
    kols: users.owningKol.id,
    reviews: ids.review,
    merchants: users.owningMerchant.id,
    comments: ids.comment,
    users: users.viewer.id,
    addresses: ids.address,
    checkouts: ids.checkout,
  };
  return bySegment[segment] ?? randomUUID();
}

/** Body fields that name objects get the world's real ones, so a request gets past "not found". */
function namedValue(world: World, name: string): unknown {
  const { ids, users } = world;
  const named: Record<string, unknown> = {
    productId: ids.product,
    streamId: ids.stream,
    userId: users.viewer.id,
    targetId: ids.product,
    reservationId: ids.reservation,
    referralCode: ids.shareCode,
    productIds: [ids.product],
    email: `fuzz-${randomUUID().slice(0, 8)}@example.test`,
    password: 'correct horse battery',
  };
  return named[name];
}

/** A value that `schema` accepts, as plausible as a quick reading allows. */
export function plausible(world: World, schema: Schema | undefined, name = ''): unknown {
  if (!schema) return undefined;
  const named = namedValue(world, name);
  if (named !== undefined) return named;
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return plausible(world, options.find((o) => o.type !== 'null') ?? options[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = plausible(world, prop, key);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => plausible(world, schema.items, name));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString();
      if (schema.format === 'uri') return 'https://example.test/image.png';
      if (schema.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.test`;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.pattern === '^[A-Z]{2}$') return 'CN';
      if (schema.pattern === '^[A-Z]{3}$') return 'CNY';
      return 'Fuzzy but fine text'.padEnd(schema.minLength ?? 0, '.');
    default:
      return 'x';
  }
}
