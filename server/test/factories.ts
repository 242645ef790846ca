import { randomBytes } from 'node:crypto';
import type { TestEngine } from './harness.ts';

export const ADDRESS = { name: 'Li Lei', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' };

/** Makes valid objects through the public API, with overrides. */
/** A user the factories made: its account and a token. */
export type MadeUser = Awaited<ReturnType<ReturnType<typeof factories>['user']>>;

export function factories(engine: TestEngine) {
  const ok = <T>(result: { status: number; body: T }, expected: number, what: string): T => {
    if (result.status !== expected) throw new Error(`${what}: expected ${expected}, got ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  return {
    async user(roles: string[] = ['viewer'], overrides: Record<string, unknown> = {}) {
      const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.test`;
      const body = ok(
        await engine.http('POST', '/api/auth/register', {
          body: { email, password: 'correct horse battery', displayName: `${roles[0]} ${email.slice(-16, -13)}`, roles, ...overrides },
        }),
        201,
        'register',
      );
      return body as { user: { id: string; email: string; roles: string[] }; token: string };
    },
    async product(merchantToken: string, overrides: Record<string, unknown> = {}) {
      return ok(
        await engine.http('POST', '/api/products', {
          token: merchantToken,
          body: { title: 'Silk scarf', description: 'Hand-dyed', priceCents: 19900, stock: 100, kolCommissionBps: 1500, ...overrides },
        }),
        201,
        'product',
      ) as { id: string; priceCents: number; stock: number; kolCommissionBps: number };
    },
    async stream(kolToken: string, overrides: Record<string, unknown> = {}) {
      return ok(
        await engine.http('POST', '/api/streams', { token: kolToken, body: { title: 'Evening show', ...overrides } }),
        201,
        'stream',
      ) as { id: string; kolId: string; status: string };
    },
    /** A stream that is live and offers these products in its showcase, so its KOL earns commission on them (ADR 0012). */
    async liveStream(kolToken: string, productIds: readonly string[], overrides: Record<string, unknown> = {}) {
      const stream = ok(
        await engine.http('POST', '/api/streams', { token: kolToken, body: { title: 'Evening show', ...overrides } }),
        201,
        'stream',
      ) as { id: string; kolId: string; status: string };
      ok(await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kolToken }), 200, 'go live');
      for (const productId of productIds) {
        ok(await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kolToken, body: { productId } }), 201, 'showcase');
      }
      return { ...stream, status: 'live' };
    },
    async flashSale(merchantToken: string, body: Record<string, unknown>) {
      const now = Date.now();
      return ok(
        await engine.http('POST', '/api/flash-sales', {
          token: merchantToken,
          body: {
            priceCents: 9900,
            quantity: 10,
            perUserLimit: 2,
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 3600_000).toISOString(),
            ...body,
          },
        }),
        201,
        'flash sale',
      ) as { id: string; status: string; remaining: number };
    },
  };
}
