import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('the share-link cookie on POST /api/orders', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** A product on a stream, a sharer's link to the stream, and the cookie a visitor gets by following it. */
  async function sharedStream() {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const sharer = await make.user();
    const product = await make.product(merchant.token, { priceCents: 10000 });
    const stream = await make.stream(kol.token);
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } });
    expect(link.status).toBe(201);
    const click = await fetch(`${engine.url}/s/${link.body.code}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    const setCookie = click.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    expect(cookie).toBe(`sc_ref=${link.body.code}`);
    return { sharer, product, stream, code: link.body.code as string, cookie };
  }

  const orderCountOf = async (token: string, code: string) =>
    ((await engine.http('GET', '/api/me/share-links', { token })).body.items as { code: string; orders: number }[]).find(
      (l) => l.code === code,
    )?.orders;

  it('credits the sharer when a visitor who followed the link orders without a code in the body', async () => {
    const { sharer, product, stream, code, cookie } = await sharedStream();
    const friend = await make.user();
    const order = await engine.http('POST', '/api/orders', {
      token: friend.token,
      headers: { cookie: `theme=dark; ${cookie}` },
      body: { items: [{ productId: product.id, quantity: 1 }], streamId: stream.id, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    expect(await orderCountOf(sharer.token, code)).toBe(1);

    const paid = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: friend.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    const earnings = await eventually(
      async () => (await engine.http('GET', '/api/me/earnings', { token: sharer.token })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.entries).toEqual([expect.objectContaining({ orderId: order.body.id, kind: 'referral_commission', status: 'pending' })]);
  });

  it('lets a referral code in the body win over the cookie', async () => {
    const first = await sharedStream();
    const second = await sharedStream();
    const friend = await make.user();
    const order = await engine.http('POST', '/api/orders', {
      token: friend.token,
      headers: { cookie: first.cookie },
      body: { items: [{ productId: second.product.id, quantity: 1 }], shippingAddress: ADDRESS, referralCode: second.code },
    });
    expect(order.status).toBe(201);
    expect(await orderCountOf(second.sharer.token, second.code)).toBe(1);
    expect(await orderCountOf(first.sharer.token, first.code)).toBe(0);
  });

  it('ignores a malformed cookie and still places the order', async () => {
    const { sharer, product, code } = await sharedStream();
    const friend = await make.user();
    for (const cookie of ['sc_ref=%E0%A4%A', `sc_ref=${'x'.repeat(65)}`, 'sc_ref=', 'sc_ref=a b;c']) {
      const order = await engine.http('POST', '/api/orders', {
        token: friend.token,
        headers: { cookie },
        body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
      });
      expect(order.status, cookie).toBe(201);
    }
    expect(await orderCountOf(sharer.token, code)).toBe(0);
  });
});
