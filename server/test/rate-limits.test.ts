import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type MadeUser } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, request } from './live-client.ts';

const PASSWORD = 'correct horse battery';

/** The limits the engine runs with by default, not the test-suite's generous ones. */
const REAL_LIMITS = {
  AUTH_PER_ACCOUNT_PER_MIN: '100',
  LOGIN_FAILURES_MAX: '10',
  ORDERS_PER_USER_PER_MIN: '3',
  REPORTS_PER_USER_PER_MIN: '2',
  SHARE_LINKS_PER_USER_PER_MIN: '2',
  RESERVATIONS_PER_USER_PER_SEC: '3',
  LIKES_PER_USER_PER_SEC: '10',
};

/** The answer is 429 RATE_LIMITED in the error shape, with a Retry-After of a few seconds at most `maxSeconds`. */
function expectRateLimited(answer: { status: number; body: any; retryAfter: string | null }, maxSeconds: number): void {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('RATE_LIMITED');
  const seconds = Number(answer.retryAfter);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
}

describe('rate limits (Redis, per account, user and address)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  // The reserve and like limits count per second of the engine's clock: the test holds it still.
  let frozenMs: number | undefined;

  beforeAll(async () => {
    engine = await startTestEngine({ env: REAL_LIMITS, clock: { now: () => new Date(frozenMs ?? Date.now()) } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** engine.http with the Retry-After header. */
  async function call(method: string, url: string, options: { token?: string; body?: unknown } = {}) {
    const response = await fetch(`${engine.url}${url}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, retryAfter: response.headers.get('retry-after') };
  }
  const login = (email: string, password: string) => call('POST', '/api/auth/login', { body: { email, password } });

  it('after 10 failed sign-ins to one account within the window, the 11th answers 429 with Retry-After, even with the right password', async () => {
    const victim = await make.user();
    const bystander = await make.user();
    for (let i = 0; i < 10; i++) expect((await login(victim.user.email, `wrong guess ${i}`)).status).toBe(401);
    const locked = await login(victim.user.email, PASSWORD);
    expectRateLimited(locked, 15 * 60);
    expect(Number(locked.retryAfter)).toBeGreaterThan(14 * 60);
    expect((await login(victim.user.email.toUpperCase(), PASSWORD)).status).toBe(429);
    // Other accounts are not affected; a successful sign-in does not count.
    expect((await login(bystander.user.email, PASSWORD)).status).toBe(200);
  });

  it('limits orders, reports and share links per user per minute; other users keep their own budget', async () => {
    const [busy, other] = (await Promise.all([make.user(), make.user()])) as [MadeUser, MadeUser];
    for (const [url, max] of [
      ['/api/orders', 3],
      ['/api/reports', 2],
      ['/api/share-links', 2],
    ] as const) {
      // Bad bodies count too: the limit is on requests, before any work.
      for (let i = 0; i < max; i++) expect((await call('POST', url, { token: busy.token, body: {} })).status).toBe(400);
      expectRateLimited(await call('POST', url, { token: busy.token, body: {} }), 60);
      expect((await call('POST', url, { token: other.token, body: {} })).status).toBe(400);
    }
    // A bag checkout and a group order spend the same budget as single orders.
    expectRateLimited(await call('POST', '/api/checkouts', { token: busy.token, body: {} }), 60);
    expect((await call('POST', '/api/checkouts', { token: other.token, body: {} })).status).toBe(400);
  });

  it('limits reservation attempts per user per second inside the reserve script', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 50, perUserLimit: 50 });
    const [buyer, other] = (await Promise.all([make.user(), make.user()])) as [MadeUser, MadeUser];
    const reserve = (token: string) => call('POST', `/api/flash-sales/${sale.id}/reservations`, { token, body: { quantity: 1 } });

    frozenMs = Math.floor(Date.now() / 1000) * 1000 + 200;
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => reserve(buyer.token)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 429, 429]);
      const refused = answers.find((a) => a.status === 429);
      if (!refused) throw new Error('no 429');
      expectRateLimited(refused, 1);
      expect((await reserve(other.token)).status).toBe(201);
      // The next second the buyer may try again; the refused attempts took no stock.
      frozenMs += 1000;
      const next = await reserve(buyer.token);
      expect(next.status).toBe(201);
      expect(next.body.remaining).toBe(50 - 5);
    } finally {
      frozenMs = undefined;
    }
  });

  it('counts at most LIKES_PER_USER_PER_SEC likes a viewer sends in a second, then answers RATE_LIMITED', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const fan = await make.user();
    const socket: LiveClient = await engine.connect(fan.token);
    expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);

    frozenMs = Math.floor(Date.now() / 1000) * 1000 + 200;
    try {
      expect((await request(socket, 'like:send', { streamId: stream.id, count: 4 })).total).toBe(4);
      // 1,500 likes a second become 10: the rest of this burst is dropped.
      expect((await request(socket, 'like:send', { streamId: stream.id, count: 50 })).total).toBe(10);
      const capped = await request(socket, 'like:send', { streamId: stream.id, count: 1 });
      expect(capped).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } } });
      const otherFan = await engine.connect((await make.user()).token);
      expect((await request(otherFan, 'stream:join', { streamId: stream.id })).ok).toBe(true);
      expect((await request(otherFan, 'like:send', { streamId: stream.id, count: 2 })).total).toBe(12);
      frozenMs += 1000;
      expect((await request(socket, 'like:send', { streamId: stream.id, count: 1 })).total).toBe(13);
    } finally {
      frozenMs = undefined;
    }
  });
});

describe('the per-address limit on /api/auth/*', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { AUTH_PER_IP_PER_MIN: '4' } });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an address made AUTH_PER_IP_PER_MIN requests in a minute; other routes still answer', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await engine.http('POST', '/api/auth/login', { body: { email: `nobody${i}@example.test`, password: 'whatever' } })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    const response = await fetch(`${engine.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@example.test', password: PASSWORD, displayName: 'Late' }),
    });
    expect(response.status).toBe(429);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await engine.http('GET', '/api/health')).status).toBe(200);
  });
});
