import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { publishVideo } from './fake-publisher.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent } from './live-client.ts';

describe('social growth', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    // With media: followers hear "now live" once the KOL's first track arrives (ADR 0014).
    engine = await startTestEngine({ withMedia: true });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function paidOrder(buyerToken: string, productId: string, extra: Record<string, unknown> = {}) {
    const order = await engine.http('POST', '/api/orders', {
      token: buyerToken,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, ...extra },
    });
    expect(order.status).toBe(201);
    const paid = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyerToken,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    return order.body as { id: string; totalCents: number };
  }

  it('counts followers and tells every follower, online at once, when the KOL goes live', async () => {
    const kol = await make.user(['kol']);
    const fans = await Promise.all([make.user(), make.user(), make.user()]);
    for (const fan of fans)
      expect((await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: fan.token })).body.isFollowing).toBe(true);
    await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: fans[0]?.token });
    expect((await engine.http('GET', `/api/kols/${kol.user.id}`)).body.followerCount).toBe(3);

    const online = await engine.connect(fans[1]?.token);
    const stream = await make.stream(kol.token, { title: 'Friday night picks' });
    const pushed = nextEvent(online, 'notification:new', (n) => n.kind === 'stream_live');
    expect((await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token })).status).toBe(200);
    await publishVideo(engine, kol.token, stream.id);
    expect((await pushed).payload).toMatchObject({ streamId: stream.id, title: 'Friday night picks' });

    for (const fan of fans) {
      const inbox = await eventually(
        async () => (await engine.http('GET', '/api/me/notifications', { token: fan.token })).body,
        (body) => body.items.length === 1,
      );
      expect(inbox.unreadCount).toBe(1);
      expect(inbox.items[0].payload.streamId).toBe(stream.id);
    }
    const reader = fans[2];
    await engine.http('POST', '/api/me/notifications/read', { token: reader?.token, body: {} });
    expect((await engine.http('GET', '/api/me/notifications', { token: reader?.token })).body.unreadCount).toBe(0);
  });

  it('does not let a KOL follow themselves, and answers 404 for a user who is no KOL', async () => {
    const kol = await make.user(['kol']);
    const viewer = await make.user();
    expect((await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: kol.token })).status).toBe(400);
    expect((await engine.http('POST', `/api/kols/${viewer.user.id}/follow`, { token: kol.token })).status).toBe(404);
  });

  it('redirects a share link with a cookie and credits the sharer when an order carries the code', async () => {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const sharer = await make.user();
    const friend = await make.user();
    const product = await make.product(merchant.token, { priceCents: 10000 });
    const stream = await make.stream(kol.token);
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } });
    expect(link.status).toBe(201);
    expect(link.body.url).toBe(`${engine.url}/s/${link.body.code}`);
    const click = await fetch(`${engine.url}/s/${link.body.code}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe(`/live/${stream.id}`);
    expect(click.headers.get('set-cookie')).toContain(`sc_ref=${link.body.code}`);
    // A product link lands on the product's own page.
    const productLink = await engine.http('POST', '/api/share-links', { token: friend.token, body: { productId: product.id } });
    const productClick = await fetch(`${engine.url}/s/${productLink.body.code}`, { redirect: 'manual' });
    expect(productClick.headers.get('location')).toBe(`/products/${product.id}`);

    await paidOrder(friend.token, product.id, { referralCode: link.body.code });
    const earnings = await eventually(
      async () => (await engine.http('GET', '/api/me/earnings', { token: sharer.token })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.entries[0].kind).toBe('referral_commission');
    const stats = (await engine.http('GET', '/api/me/share-links', { token: sharer.token })).body.items[0];
    expect(stats).toMatchObject({ code: link.body.code, clicks: 1, orders: 1, earnedCents: earnings.pendingCents });
  });

  it('pays nothing for a self-referral', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user();
    const product = await make.product(merchant.token);
    const link = await engine.http('POST', '/api/share-links', { token: buyer.token, body: { productId: product.id } });
    const order = await paidOrder(buyer.token, product.id, { referralCode: link.body.code });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${order.id}`, { token: buyer.token })).body.status,
      (s) => s === 'paid',
    );
    await engine.services.ledger.settleOrder(order.id);
    expect((await engine.http('GET', '/api/me/earnings', { token: buyer.token })).body.pendingCents).toBe(0);
  });

  it('lets the buyer of a paid order review it once, the merchant reply once, and shows the rating', async () => {
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer'], { displayName: 'Grace' });
    const stranger = await make.user();
    const product = await make.product(merchant.token);
    const unpaid = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(
      (await engine.http('POST', `/api/orders/${unpaid.body.id}/review`, { token: buyer.token, body: { rating: 5, text: 'early' } })).body
        .error.code,
    ).toBe('NOT_REVIEWABLE');
    const order = await paidOrder(buyer.token, product.id);
    expect(
      (await engine.http('POST', `/api/orders/${order.id}/review`, { token: stranger.token, body: { rating: 1, text: 'not mine' } }))
        .status,
    ).toBe(404);
    const review = await engine.http('POST', `/api/orders/${order.id}/review`, {
      token: buyer.token,
      body: { rating: 4, text: 'Lovely colours' },
    });
    expect(review.status).toBe(201);
    expect(
      (await engine.http('POST', `/api/orders/${order.id}/review`, { token: buyer.token, body: { rating: 1, text: 'again' } })).status,
    ).toBe(409);
    expect(
      (await engine.http('POST', `/api/reviews/${review.body.id}/reply`, { token: merchant.token, body: { text: 'Thank you!' } })).status,
    ).toBe(200);
    expect(
      (await engine.http('POST', `/api/reviews/${review.body.id}/reply`, { token: merchant.token, body: { text: 'Twice' } })).body.error
        .code,
    ).toBe('ALREADY_REPLIED');
    const page = (await engine.http('GET', `/api/products/${product.id}/reviews`)).body;
    expect(page.rating).toEqual({ average: 4, count: 1 });
    expect(page.items[0]).toMatchObject({ author: 'Grace', rating: 4, merchantReply: 'Thank you!' });
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.rating).toEqual({ average: 4, count: 1 });
  });

  it('ranks the for-you feed by followed KOLs, bought categories and popularity, with reasons', async () => {
    const kolA = await make.user(['kol'], { displayName: 'Followed KOL' });
    const kolB = await make.user(['kol']);
    const merchant = await make.user(['merchant']);
    const viewer = await make.user();
    const followed = await make.stream(kolA.token, { title: 'Followed show' });
    const other = await make.stream(kolB.token, { title: 'Other show' });
    for (const [token, id] of [
      [kolA.token, followed.id],
      [kolB.token, other.id],
    ] as const)
      await engine.http('POST', `/api/streams/${id}/start`, { token });
    await engine.http('POST', `/api/kols/${kolA.user.id}/follow`, { token: viewer.token });
    const teaProduct = await make.product(merchant.token, { title: 'Oolong', category: 'tea-feed-test' });
    await paidOrder(viewer.token, teaProduct.id);

    const mine = (await engine.http('GET', '/api/feed/for-you', { token: viewer.token })).body.items;
    expect(mine[0]).toMatchObject({ type: 'stream', id: followed.id, reason: 'Because you follow Followed KOL' });
    const tea = mine.find((i: { id: string }) => i.id === teaProduct.id);
    expect(tea.reason).toBe('Because you bought tea-feed-test');

    // Looking at a product makes its category familiar too (after what was bought).
    const lamp = await make.product(merchant.token, { title: 'Lamp', category: 'lamps-feed-test' });
    const otherLamp = await make.product(merchant.token, { title: 'Other lamp', category: 'lamps-feed-test' });
    await engine.http('GET', `/api/products/${lamp.id}`, { token: viewer.token });
    const afterView = await eventually(
      async () => (await engine.http('GET', '/api/feed/for-you', { token: viewer.token })).body.items,
      (items) => items.find((i: { id: string }) => i.id === otherLamp.id)?.reason === 'Because you looked at lamps-feed-test',
    );
    expect(afterView.find((i: { id: string }) => i.id === teaProduct.id).reason).toBe('Because you bought tea-feed-test');

    const anonymous = (await engine.http('GET', '/api/feed/for-you')).body.items;
    expect(anonymous.every((i: { reason: string }) => !i.reason.startsWith('Because'))).toBe(true);
  });
});
