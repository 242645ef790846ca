import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/index.ts';
import { createLogger } from '../src/logger.ts';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { request } from './live-client.ts';

const ERROR_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };

/** A request with a raw path (fetch would normalise a bad percent-encoding away). */
function rawGet(base: string, path: string): Promise<{ status: number; body: any }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bad input never answers 500', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: MadeUser;
  let kol: MadeUser;
  let viewer: MadeUser;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    [merchant, kol, viewer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('answers ORDER_TOTAL_TOO_LARGE when the total would not fit orders.total_cents, and takes no stock', async () => {
    const product = await make.product(merchant.token, { priceCents: 1_000_000_000, stock: 10 });
    const order = await engine.http('POST', '/api/orders', {
      token: viewer.token,
      body: { items: [{ productId: product.id, quantity: 3 }], shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(400);
    expect(order.body.error.code).toBe('ORDER_TOTAL_TOO_LARGE');
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(10);
    const two = await engine.http('POST', '/api/orders', {
      token: viewer.token,
      body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: ADDRESS },
    });
    expect(two.status).toBe(201);
    expect(two.body.totalCents).toBe(2_000_000_000);
  });

  it('refuses NUL in a path id, a body string, a query string and an object key with 4xx in the error shape', async () => {
    const inPath = await engine.http('GET', '/api/products/%00');
    expect(inPath.status).toBe(404);
    expect(inPath.body).toMatchObject(ERROR_SHAPE);
    const inBody = await engine.http('POST', '/api/auth/register', {
      body: { email: `nul-${randomUUID()}@example.test`, password: 'correct horse battery', displayName: 'Sam\u0000' },
    });
    expect(inBody.status).toBe(400);
    expect(inBody.body.error.details[0].path).toBe('body.displayName');
    const title = await engine.http('POST', '/api/products', {
      token: merchant.token,
      body: { title: 'Scarf\u0000', priceCents: 100, stock: 1, kolCommissionBps: 0 },
    });
    expect(title.status).toBe(400);
    expect(title.body.error.code).toBe('VALIDATION_FAILED');
    expect(title.body.error.details[0].path).toBe('body.title');
    const query = await engine.http('GET', '/api/products?q=%00');
    expect(query.status).toBe(400);
    expect(query.body.error.code).toBe('VALIDATION_FAILED');
    const loneSurrogate = await engine.http('POST', '/api/streams', { token: kol.token, body: { title: 'Show \ud800' } });
    expect(loneSurrogate.status).toBe(400);
    const key = await engine.http('POST', '/api/share-links', { token: viewer.token, body: { 'x\u0000': 1 } });
    expect(key.status).toBe(400);
  });

  it('refuses NUL in socket payloads with an ack error, not INTERNAL', async () => {
    const socket = await engine.connect(viewer.token);
    const join = await request(socket, 'stream:join', { streamId: '\u0000' });
    expect(join).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    expect(await request(socket, 'stream:join', { streamId: stream.id })).toMatchObject({ ok: true });
    const comment = await request(socket, 'comment:send', { streamId: stream.id, text: 'hi\u0000there' });
    expect(comment).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const like = await request(socket, 'like:send', { streamId: `${stream.id}\u0000`, count: 1 });
    expect(like.ok).toBe(false);
    expect(like.error.code).not.toBe('INTERNAL');
  });

  it('never deadlocks (500) when one user changes the default address from many requests at once', async () => {
    const user = await make.user(['viewer']);
    const add = () => engine.http('POST', '/api/me/addresses', { token: user.token, body: { ...ADDRESS, isDefault: true } });
    const [first, second] = [await add(), await add()];
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 2
          ? add().then((r) => r.status)
          : engine
              .http('PATCH', `/api/me/addresses/${(i % 2 ? first : second).body.id}`, { token: user.token, body: { isDefault: true } })
              .then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it('answers 404 for a share link to an unknown stream or product (a foreign-key violation)', async () => {
    const stream = await engine.http('POST', '/api/share-links', { token: viewer.token, body: { streamId: randomUUID() } });
    expect(stream.status).toBe(404);
    expect(stream.body.error.code).toBe('NOT_FOUND');
    const product = await engine.http('POST', '/api/share-links', { token: viewer.token, body: { productId: 'no-such-product' } });
    expect(product.status).toBe(404);
  });

  it('answers 401 or 404, never 500, for a valid token of a user that no longer exists', async () => {
    const ghost = await engine.services.tokens.sign({ userId: randomUUID(), roles: ['viewer'] });
    const product = await make.product(merchant.token);
    for (const [method, url, body] of [
      ['POST', '/api/share-links', { productId: product.id }],
      ['POST', `/api/kols/${kol.user.id}/follow`, undefined],
    ] as const) {
      const answer = await engine.http(method, url, { token: ghost, ...(body ? { body } : {}) });
      expect([401, 404], `${method} ${url}`).toContain(answer.status);
      expect(answer.body).toMatchObject(ERROR_SHAPE);
    }
  });

  it('answers a malformed percent-encoding in the path with 400 in the error shape', async () => {
    const answer = await rawGet(engine.url, '/api/products/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it("answers Fastify's own errors in the error shape: bad JSON, wrong content type, body too large", async () => {
    const post = (body: string, type: string) =>
      fetch(`${engine.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    const badJson = await post('{"email":', 'application/json');
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const wrongType = await post('email=a', 'application/x-www-form-urlencoded');
    expect(wrongType).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const tooLarge = await post(JSON.stringify({ email: 'a'.repeat(2_000_000) }), 'application/json');
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('serves an HTML page that links home for an unknown page, and JSON for an unknown API path', async () => {
    const page = await fetch(`${engine.url}/no/such/page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // Its one inline style is allowed by hash (the site's CSP allows no inline style).
    expect(page.headers.get('content-security-policy')).toContain("style-src 'sha256-");
    const html = await page.text();
    expect(html).toContain('<title>Page not found · Streamcart</title>');
    expect(html).toContain('href="/"');
    const api = await fetch(`${engine.url}/api/no/such/route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('logs a database error with its code, constraint and query, never its parameters', async () => {
    const secret = `scrypt$secret-${randomUUID()}`;
    let error: unknown;
    try {
      await engine.infra.database.db.insert(users).values({
        id: kol.user.id,
        email: `dup-${randomUUID()}@example.test`,
        passwordHash: secret,
        displayName: 'Duplicate',
        roles: ['viewer'],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeDefined();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.error({ err: error, req: { headers: { authorization: 'Bearer abc.def', cookie: 'sc_ref=1' } } }, 'unhandled error');
    log.info({ user: { password: 'hunter22', shippingAddress: ADDRESS } }, 'signed up');
    await new Promise((resolve) => setImmediate(resolve));
    const [dbLine, userLine] = lines.map((line) => JSON.parse(line));
    expect(dbLine.err).toMatchObject({ code: '23505', constraint: 'users_pkey' });
    expect(dbLine.err.query).toMatch(/insert into "users"/);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain('Duplicate');
    expect(lines[0]).not.toContain('abc.def');
    expect(userLine.user.password).toBe('[redacted]');
    expect(lines[1]).not.toContain('Century Avenue');
  });
});
