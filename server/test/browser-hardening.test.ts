import { SignJWT } from 'jose';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/domains/payments/signature.ts';
import { factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';

const PARTNER = 'https://partner.example.test';
const EVIL = 'https://evil.example.test';
const METRICS_TOKEN = 'metrics-token-for-this-test-0123456789';
// The constants the source once held: whoever read them could forge tokens and webhooks.
const OLD_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const OLD_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me';

/** Whether a Socket.IO client sending `origin` gets connected (true) or refused (its error message). */
async function socketOpens(engine: TestEngine, origin: string): Promise<true | string> {
  const socket = connectSocket(`${engine.url}/live`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin },
  });
  try {
    return await new Promise<true | string>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.disconnect();
  }
}

describe('browser hardening over plain http (the demo)', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { ALLOWED_ORIGINS: PARTNER, METRICS_TOKEN } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('sends the CSP, frame, sniffing and referrer headers on API answers and on /docs, and no HSTS over http', async () => {
    for (const path of ['/api/streams?status=live', '/docs/', '/api/no-such-route']) {
      const response = await fetch(`${engine.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).toContain("img-src 'self' data: blob: https: http:");
      // Only Swagger UI gets inline styles; scripts are never inline.
      if (path.startsWith('/docs')) expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      else expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      await response.body?.cancel();
    }
  });

  it('answers a listed origin with CORS headers and refuses an unlisted one with 403 in the error shape', async () => {
    const preflight = (origin: string) =>
      fetch(`${engine.url}/api/orders`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(PARTNER);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');

    const refused = await preflight(EVIL);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');

    // A cross-site form post carrying the visitor's cookies never runs.
    const viewer = await make.user();
    const post = await engine.http('POST', '/api/share-links', {
      token: viewer.token,
      headers: { origin: EVIL },
      body: { productId: 'whatever' },
    });
    expect(post.status).toBe(403);
    // The page's own origin (this server's host) and callers without an Origin are served.
    expect((await engine.http('GET', '/api/streams', { headers: { origin: engine.url } })).status).toBe(200);
    expect((await engine.http('GET', '/api/streams')).status).toBe(200);
  });

  it('refuses a socket from an unlisted Origin and accepts one from the page itself or a listed origin', async () => {
    expect(await socketOpens(engine, EVIL)).not.toBe(true);
    expect(await socketOpens(engine, PARTNER)).toBe(true);
    expect(await socketOpens(engine, engine.url)).toBe(true);
  });

  it('sets the sc_ref cookie without Secure over http', async () => {
    const sharer = await make.user(['kol']);
    const stream = await make.stream(sharer.token);
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } });
    const response = await fetch(`${engine.url}/s/${link.body.code}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sc_ref=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('Secure');
  });

  it('accepts only http(s) picture addresses for products', async () => {
    const merchant = await make.user(['merchant']);
    for (const imageUrl of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'file:///etc/passwd']) {
      const answer = await engine.http('POST', '/api/products', {
        token: merchant.token,
        body: { title: 'Scarf', priceCents: 100, stock: 1, kolCommissionBps: 0, imageUrl },
      });
      expect(answer.status, imageUrl).toBe(400);
    }
    expect((await make.product(merchant.token, { imageUrl: 'https://images.example.test/scarf.jpg' })).id).toBeTruthy();
  });

  it('refuses tokens and webhooks forged with the secrets the source once held', async () => {
    const viewer = await make.user();
    const forged = await new SignJWT({ roles: ['admin'], sv: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(viewer.user.id)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(OLD_JWT_SECRET));
    expect((await engine.http('GET', '/api/me', { token: forged })).status).toBe(401);
    expect((await engine.http('GET', '/api/admin/reports', { token: forged })).status).toBe(401);

    const body = JSON.stringify({ id: 'evt_forged', type: 'payment.succeeded', paymentId: 'p1', amountCents: 1, currency: 'CNY' });
    const webhook = await fetch(`${engine.url}/api/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(OLD_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)) },
      body,
    });
    expect(webhook.status).toBe(401);
    expect(((await webhook.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
  });

  it('tells anyone only that the server is up; versions and checks need METRICS_TOKEN or an admin', async () => {
    const open = await engine.http('GET', '/api/health');
    expect(open).toEqual({ status: 200, body: { status: 'ok' } });
    const viewer = await make.user();
    expect((await engine.http('GET', '/api/health', { token: viewer.token })).body).toEqual({ status: 'ok' });
    expect((await engine.http('GET', '/api/health', { headers: { authorization: 'Bearer not-the-metrics-token' } })).body).toEqual({
      status: 'ok',
    });

    const scraper = await engine.http('GET', '/api/health', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraper.status).toBe(200);
    expect(scraper.body.versions.node).toMatch(/^v\d+/);
    for (const name of ['database', 'redis', 'queues']) expect(scraper.body.components[name].status).toBe('ok');

    const admin = await make.user();
    await engine.services.auth.grantRole(admin.user.email, 'admin');
    const adminToken = (
      await engine.http('POST', '/api/auth/login', { body: { email: admin.user.email, password: 'correct horse battery' } })
    ).body.token;
    expect((await engine.http('GET', '/api/health', { token: adminToken })).body.components.redis.status).toBe('ok');
  });
});

describe('browser hardening behind https, with a real payment provider', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PUBLIC_URL: 'https://shop.example.test', PAYMENTS_PROVIDER: 'external' } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('sends HSTS, upgrades insecure requests and lets sockets reach wss:// of the public host', async () => {
    const response = await fetch(`${engine.url}/api/streams`);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' wss://shop.example.test");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/img-src[^;]* http:/);
  });

  it('marks the sc_ref cookie Secure', async () => {
    const sharer = await make.user(['kol']);
    const stream = await make.stream(sharer.token);
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } });
    const response = await fetch(`${engine.url}/s/${link.body.code}`, { redirect: 'manual' });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('has no sandbox-pay route unless PAYMENTS_PROVIDER=sandbox: a buyer cannot mark their order paid', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    const buyer = await make.user();
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: {
        items: [{ productId: product.id, quantity: 1 }],
        shippingAddress: { name: 'Li Lei', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' },
      },
    });
    expect(order.status).toBe(201);
    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(404);
    expect((await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status).toBe('pending_payment');
  });
});
