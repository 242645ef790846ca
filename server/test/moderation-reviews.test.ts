import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { makeAdmin } from './moderation-admin.ts';

const REASON = 'Personal details of the merchant’s staff';

describe('reports on product reviews, and an admin removing one', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    admin = await makeAdmin(engine, 'Rita Reviewer');
  });
  afterAll(async () => {
    await engine?.close();
  });

  const report = (user: Made, reviewId: string, reason = 'offensive') =>
    engine.http('POST', '/api/reports', { token: user.token, body: { targetType: 'review', targetId: reviewId, reason } });
  /** As the admin unless another token is given. */
  const remove = (reviewId: string, body: unknown = { reason: REASON }, token = admin.token) =>
    engine.http('POST', `/api/admin/reviews/${reviewId}/remove`, { token, body });
  const reviewsOf = async (productId: string) => (await engine.http('GET', `/api/products/${productId}/reviews`)).body;
  const logEntriesFor = async (targetId: string) =>
    (await engine.http('GET', '/api/admin/moderation-log?limit=100', { token: admin.token })).body.items.filter(
      (e: { targetId: string }) => e.targetId === targetId,
    );
  const caseOf = async (status: string, targetId: string) =>
    (await engine.http('GET', `/api/admin/reports?status=${status}&limit=100`, { token: admin.token })).body.items.find(
      (c: { targetId: string }) => c.targetId === targetId,
    );

  /** A buyer's paid order of the product, reviewed with these stars and words. */
  async function reviewBy(buyer: Made, productId: string, rating: number, text: string): Promise<{ id: string }> {
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    const paid = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status,
      (status) => status === 'paid',
    );
    const review = await engine.http('POST', `/api/orders/${order.body.id}/review`, { token: buyer.token, body: { rating, text } });
    expect(review.status).toBe(201);
    return review.body;
  }

  it('files a report on a review, and the case shows its text, its author and its product page', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Linen shirt' });
    const author = await make.user(['viewer'], { displayName: 'Rude Rob' });
    const review = await reviewBy(author, product.id, 1, 'Terrible shirt and the seller is a crook');
    expect((await reviewsOf(product.id)).items[0]).toMatchObject({ id: review.id, authorId: author.user.id, author: 'Rude Rob' });

    const reporter = await make.user();
    const filed = await report(reporter, review.id);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ targetType: 'review', targetId: review.id, reason: 'offensive', status: 'open' });
    expect((await report(reporter, review.id)).status).toBe(200);

    expect(await caseOf('open', review.id)).toMatchObject({
      targetType: 'review',
      reportCount: 1,
      target: {
        title: 'Terrible shirt and the seller is a crook',
        merchantId: author.user.id,
        merchantName: 'Rude Rob',
        status: 'visible',
        url: `/products/${product.id}`,
        review: { text: 'Terrible shirt and the seller is a crook', rating: 1, productId: product.id },
      },
    });
  });

  it('answers 400 CANNOT_REPORT_OWN for one’s own review and 404 for an unknown one', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    const author = await make.user();
    const review = await reviewBy(author, product.id, 5, 'Love it');

    const own = await report(author, review.id);
    expect(own.status).toBe(400);
    expect(own.body.error).toEqual({ code: 'CANNOT_REPORT_OWN', message: 'You cannot report your own review' });
    const unknown = await report(author, 'no-such-review');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('removes a review: gone from the product’s list and rating, reports actioned, logged, its author told why; again is 409', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Wool socks' });
    const [kind, rude, reporter] = (await Promise.all([make.user(), make.user(), make.user()])) as [Made, Made, Made];
    await reviewBy(kind, product.id, 5, 'Warm and soft');
    const review = await reviewBy(rude, product.id, 2, 'Call Mei at 555-0100 and tell her so');
    expect((await reviewsOf(product.id)).rating).toEqual({ average: 3.5, count: 2 });
    expect((await report(reporter, review.id)).status).toBe(201);

    const answer = await remove(review.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: review.id,
      productId: product.id,
      userId: rude.user.id,
      status: 'removed',
      moderation: { reason: REASON, at: expect.any(String) },
    });

    // Out of the list and the rating, on the reviews page and on the product's own.
    const page = await reviewsOf(product.id);
    expect(page.items.map((r: { id: string }) => r.id)).not.toContain(review.id);
    expect(page.items).toHaveLength(1);
    expect(page.rating).toEqual({ average: 5, count: 1 });
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.rating).toEqual({ average: 5, count: 1 });

    expect(await caseOf('open', review.id)).toBeUndefined();
    expect(await caseOf('actioned', review.id)).toMatchObject({
      status: 'actioned',
      resolutionNote: REASON,
      target: { status: 'removed', merchantId: rude.user.id, url: `/products/${product.id}` },
    });
    expect(await logEntriesFor(review.id)).toEqual([
      {
        id: expect.any(String),
        action: 'remove_review',
        targetType: 'review',
        targetId: review.id,
        targetTitle: 'Call Mei at 555-0100 and tell her so',
        reason: REASON,
        adminId: admin.user.id,
        adminName: 'Rita Reviewer',
        createdAt: expect.any(String),
      },
    ]);
    const notifications = (await engine.http('GET', '/api/me/notifications', { token: rude.token })).body.items;
    expect(notifications[0]).toMatchObject({
      kind: 'review_removed',
      payload: { reviewId: review.id, productId: product.id, reason: REASON },
      readAt: null,
    });

    const again = await remove(review.id);
    expect([again.status, again.body.error.code]).toEqual([409, 'REVIEW_ALREADY_REMOVED']);
    expect(await logEntriesFor(review.id)).toHaveLength(1);
    // Nothing is left to report, or to answer: its merchant cannot reply to it either.
    const late = await report(await make.user(), review.id);
    expect([late.status, late.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const reply = await engine.http('POST', `/api/reviews/${review.id}/reply`, {
      token: merchant.token,
      body: { text: 'Sorry to hear it' },
    });
    expect([reply.status, reply.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('is for admins only, answers 404 for an unknown review and 400 for a missing or short reason', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    const author = await make.user();
    const review = await reviewBy(author, product.id, 3, 'Fine, I guess');

    for (const someone of [author, merchant]) {
      const refused = await remove(review.id, { reason: REASON }, someone.token);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const anonymous = await engine.http('POST', `/api/admin/reviews/${review.id}/remove`, { body: { reason: REASON } });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const unknown = await remove('no-such-review');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    for (const body of [{}, { reason: ' x ' }]) {
      const bad = await remove(review.id, body);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }

    expect((await reviewsOf(product.id)).items.map((r: { id: string }) => r.id)).toEqual([review.id]);
    expect(await logEntriesFor(review.id)).toEqual([]);
  });
});
