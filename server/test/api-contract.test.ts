import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

// Health details (versions, components) are for the scraper and admins; anyone else gets {status:"ok"}.
const METRICS_TOKEN = 'metrics-token-of-the-contract-test';

describe('the HTTP contract', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ withMedia: true, env: { METRICS_TOKEN } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('GET /api/health reports the database, Redis, queues and the mediasoup worker as ok, with versions, to the metrics scraper', async () => {
    const { status, body } = await engine.http('GET', '/api/health', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(status).toBe(200);
    expect(body.versions.node).toMatch(/^v24\./);
    expect(body.versions.mediasoup).toBe('3.27.1');
    for (const name of ['database', 'redis', 'queues', 'media']) expect(body.components[name].status).toBe('ok');
  });

  it('serves an OpenAPI 3 document at /docs/json that names the public routes', async () => {
    const { status, body } = await engine.http('GET', '/docs/json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/register',
      '/api/flash-sales/{id}/reservations',
      '/api/orders',
      '/api/payments/webhook',
      '/api/me/earnings',
    ]) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(body.paths['/api/products'].post.requestBody).toBeDefined();
  });

  it('serves every route docs/api-additions.md lists, with the method it names', async () => {
    const { body } = await engine.http('GET', '/docs/json');
    const listed = [...readFileSync('docs/api-additions.md', 'utf8').matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/\S+)` +\|/gm)];
    expect(listed.length).toBeGreaterThan(30);
    for (const [, method = '', path = ''] of listed) {
      const openApiPath = path.replace(/:(\w+)/g, '{$1}');
      expect(Object.keys(body.paths[openApiPath] ?? {}), `${method} ${path}`).toContain(method.toLowerCase());
    }
  });

  it('answers bad input with 400 VALIDATION_FAILED and details, never 500', async () => {
    const { token } = await make.user(['merchant']);
    const bad = await engine.http('POST', '/api/products', {
      token,
      body: { title: '', priceCents: -5, stock: 1.5, kolCommissionBps: 9500 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.priceCents', 'body.stock', 'body.kolCommissionBps']));

    const response = await fetch(`${engine.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a token, 401 for a forged one and 403 without the role', async () => {
    const product = { title: 'Mug', priceCents: 1000, stock: 1, kolCommissionBps: 0 };
    expect((await engine.http('POST', '/api/products', { body: product })).body.error.code).toBe('UNAUTHENTICATED');
    const forged = await engine.http('GET', '/api/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYWRtaW4iXX0.AAAA' });
    expect(forged.status).toBe(401);
    const viewer = await make.user(['viewer']);
    const denied = await engine.http('POST', '/api/products', { token: viewer.token, body: product });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses to make anyone admin at registration', async () => {
    const result = await engine.http('POST', '/api/auth/register', {
      body: { email: 'would-be-admin@example.test', password: 'long enough pass', displayName: 'Eve', roles: ['admin'] },
    });
    expect(result.status).toBe(400);
  });

  it('answers 404 NOT_FOUND for unknown ids and routes', async () => {
    expect((await engine.http('GET', '/api/products/nope')).body.error.code).toBe('NOT_FOUND');
    expect((await engine.http('GET', '/api/no-such-route')).status).toBe(404);
  });

  it('lets only the stream KOL start it, and answers 409 for a move the status table forbids', async () => {
    const kol = await make.user(['kol']);
    const otherKol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    expect((await engine.http('POST', `/api/streams/${stream.id}/start`, { token: otherKol.token })).status).toBe(403);
    expect((await engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token })).status).toBe(200);
    const restart = await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    expect(restart.status).toBe(409);
    expect(restart.body.error.code).toBe('INVALID_STREAM_TRANSITION');
  });

  it('prices an items order from the catalogue, takes the stock, and keeps the order private to its parties', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const stranger = await make.user(['viewer']);
    const product = await make.product(merchant.token, { priceCents: 1250, stock: 3 });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: ADDRESS, totalCents: 1 },
    });
    expect(order.status).toBe(201);
    expect(order.body.totalCents).toBe(2500);
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(1);
    const tooMany = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: ADDRESS },
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('OUT_OF_STOCK');
    expect((await engine.http('GET', `/api/orders/${order.body.id}`, { token: stranger.token })).status).toBe(404);
    expect((await engine.http('GET', `/api/orders/${order.body.id}`, { token: merchant.token })).status).toBe(200);
  });

  it('rejects a shipping address without the required fields', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token);
    const result = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: { name: 'A', country: 'China' } },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('returns the same order for the same Idempotency-Key and places it once', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const product = await make.product(merchant.token, { stock: 10 });
    const body = { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS };
    const headers = { 'idempotency-key': 'order-once-1' };
    const first = await engine.http('POST', '/api/orders', { token: buyer.token, body, headers });
    const second = await engine.http('POST', '/api/orders', { token: buyer.token, body, headers });
    expect(second.body.id).toBe(first.body.id);
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(9);
  });
});
