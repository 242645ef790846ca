import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type MadeUser as Made } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { makeAdmin } from './moderation-admin.ts';

type Case = { targetType: string; targetId: string; reportCount: number; [key: string]: unknown };

describe('reports and the admins’ report queue', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let admin: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    admin = await makeAdmin(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const report = (user: Made | undefined, body: Record<string, unknown>) =>
    engine.http('POST', '/api/reports', { ...(user ? { token: user.token } : {}), body });
  const queue = async (query = '') => {
    const answer = await engine.http('GET', `/api/admin/reports${query}`, { token: admin.token });
    expect(answer.status).toBe(200);
    return answer.body as { items: Case[]; nextCursor: string | null };
  };
  /** Every case of the queue, page by page. */
  const wholeQueue = async (status: string, limit: number) => {
    const cases: Case[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Case[]; nextCursor: string | null } = await queue(
        `?status=${status}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      cases.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return cases;
  };
  const caseOf = (cases: Case[], targetId: string) => cases.find((c) => c.targetId === targetId);

  it('files a report (201) and answers the same open report (200) when the user reports the target again', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Suspicious watch' });
    const viewer = await make.user();

    const first = await report(viewer, { targetType: 'product', targetId: product.id, reason: 'counterfeit', details: '  Fake logo  ' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      targetType: 'product',
      targetId: product.id,
      reason: 'counterfeit',
      details: 'Fake logo',
      status: 'open',
      createdAt: expect.any(String),
    });
    const again = await report(viewer, { targetType: 'product', targetId: product.id, reason: 'scam' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const withoutDetails = await report(await make.user(), {
      targetType: 'product',
      targetId: product.id,
      reason: 'other',
      details: '   ',
    });
    expect(withoutDetails.status).toBe(201);
    expect(withoutDetails.body.details).toBeNull();
    expect(caseOf((await queue('?limit=100')).items, product.id)?.reportCount).toBe(2);
  });

  it('answers 404 for an unknown target or an account that is no merchant, and 400 CANNOT_REPORT_OWN for one’s own', async () => {
    const viewer = await make.user();
    for (const targetType of ['product', 'stream', 'merchant']) {
      const answer = await report(viewer, { targetType, targetId: 'no-such-id', reason: 'scam' });
      expect(answer.status, targetType).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    const kol = await make.user(['kol']);
    expect((await report(viewer, { targetType: 'merchant', targetId: kol.user.id, reason: 'scam' })).status).toBe(404);

    const merchant = await make.user(['merchant', 'kol']);
    const product = await make.product(merchant.token);
    const stream = await make.stream(merchant.token);
    for (const [targetType, targetId] of [
      ['product', product.id],
      ['stream', stream.id],
      ['merchant', merchant.user.id],
    ]) {
      const own = await report(merchant, { targetType, targetId, reason: 'other' });
      expect(own.status, targetType).toBe(400);
      expect(own.body.error.code).toBe('CANNOT_REPORT_OWN');
    }
  });

  it('needs a signed-in user and a valid body', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token);
    expect((await report(undefined, { targetType: 'product', targetId: product.id, reason: 'scam' })).status).toBe(401);
    const viewer = await make.user();
    for (const body of [
      { targetType: 'product', targetId: product.id, reason: 'ugly' },
      { targetType: 'order', targetId: product.id, reason: 'scam' },
      { targetType: 'product', targetId: product.id, reason: 'scam', details: 'x'.repeat(501) },
      { targetType: 'product', reason: 'scam' },
    ]) {
      const answer = await report(viewer, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('lets one user file at most 20 reports an hour (429 RATE_LIMITED), and still answers their open ones', async () => {
    const merchant = await make.user(['merchant']);
    const products = await Promise.all(Array.from({ length: 21 }, (_, i) => make.product(merchant.token, { title: `Item ${i}` })));
    const reporter = await make.user();
    for (const product of products.slice(0, 20)) {
      expect((await report(reporter, { targetType: 'product', targetId: product.id, reason: 'misleading' })).status).toBe(201);
    }
    const last = products[20];
    const limited = await report(reporter, { targetType: 'product', targetId: last?.id, reason: 'misleading' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await report(reporter, { targetType: 'product', targetId: products[0]?.id, reason: 'misleading' })).status).toBe(200);
    // Another user is not limited by it.
    expect((await report(await make.user(), { targetType: 'product', targetId: last?.id, reason: 'misleading' })).status).toBe(201);
  });

  it('groups open reports per target, most reported first then oldest first, with counts per reason and the latest report', async () => {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const [lamp, mug] = [await make.product(merchant.token, { title: 'Lamp' }), await make.product(merchant.token, { title: 'Mug' })];
    const stream = await make.stream(kol.token, { title: 'Late show' });
    const reporters = await Promise.all([1, 2, 3].map(() => make.user(['viewer'], { displayName: 'Reporter' })));
    const [a, b, c] = reporters as [Made, Made, Made];

    await report(a, { targetType: 'product', targetId: mug.id, reason: 'scam' });
    await report(a, { targetType: 'merchant', targetId: merchant.user.id, reason: 'scam' });
    await report(a, { targetType: 'product', targetId: lamp.id, reason: 'counterfeit' });
    await report(b, { targetType: 'product', targetId: lamp.id, reason: 'counterfeit' });
    await report(a, { targetType: 'stream', targetId: stream.id, reason: 'offensive' });
    await report(b, { targetType: 'stream', targetId: stream.id, reason: 'offensive' });
    const latest = await report(c, { targetType: 'product', targetId: lamp.id, reason: 'scam', details: 'Took my money' });

    const cases = await wholeQueue('open', 100);
    const ids = cases.map((k) => k.targetId);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = ids.filter((id) => [lamp.id, stream.id, mug.id, merchant.user.id].includes(id));
    expect(mine).toEqual([lamp.id, stream.id, mug.id, merchant.user.id]);
    // Most reported first across the whole queue.
    const counts = cases.map((k) => k.reportCount);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));

    expect(caseOf(cases, lamp.id)).toEqual({
      targetType: 'product',
      targetId: lamp.id,
      target: {
        title: 'Lamp',
        merchantId: merchant.user.id,
        merchantName: expect.any(String),
        status: 'active',
        url: `/products/${lamp.id}`,
      },
      reportCount: 3,
      reasons: [
        { reason: 'counterfeit', count: 2 },
        { reason: 'scam', count: 1 },
      ],
      latest: { id: latest.body.id, reason: 'scam', details: 'Took my money', reporterName: 'Reporter', createdAt: latest.body.createdAt },
      status: 'open',
      resolvedAt: null,
      resolutionNote: null,
    });
    expect(caseOf(cases, stream.id)).toMatchObject({
      target: { title: 'Late show', merchantId: kol.user.id, status: 'scheduled', url: `/live/${stream.id}` },
      reportCount: 2,
    });
    expect(caseOf(cases, merchant.user.id)).toMatchObject({
      targetType: 'merchant',
      target: { merchantId: merchant.user.id, status: 'active', url: null },
      reportCount: 1,
    });

    // Two at a time, the pages hold the same cases in the same order.
    expect((await wholeQueue('open', 2)).map((k) => k.targetId)).toEqual(ids);
  });

  it('dismisses every open report on a target, logs it, and a later report opens a new case', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Plain tee' });
    const [a, b] = (await Promise.all([make.user(), make.user()])) as [Made, Made];
    await report(a, { targetType: 'product', targetId: product.id, reason: 'offensive' });
    await report(b, { targetType: 'product', targetId: product.id, reason: 'other' });

    const dismiss = (body: Record<string, unknown>, token = admin.token) =>
      engine.http('POST', '/api/admin/reports/dismiss', { token, body });
    const dismissed = await dismiss({ targetType: 'product', targetId: product.id, note: 'Nothing wrong with it' });
    expect(dismissed).toMatchObject({ status: 200, body: { dismissed: 2 } });
    expect((await dismiss({ targetType: 'product', targetId: product.id })).body).toEqual({ dismissed: 0 });
    expect((await dismiss({ targetType: 'stream', targetId: 'no-such-stream' })).body).toEqual({ dismissed: 0 });

    expect(caseOf((await queue('?limit=100')).items, product.id)).toBeUndefined();
    const resolved = await queue('?status=dismissed');
    expect(resolved.items[0]).toMatchObject({
      targetId: product.id,
      status: 'dismissed',
      reportCount: 2,
      resolutionNote: 'Nothing wrong with it',
      resolvedAt: expect.any(String),
    });

    const log = await engine.http('GET', '/api/admin/moderation-log', { token: admin.token });
    expect(log.body.items[0]).toEqual({
      id: expect.any(String),
      action: 'dismiss',
      targetType: 'product',
      targetId: product.id,
      targetTitle: 'Plain tee',
      reason: 'Nothing wrong with it',
      adminId: admin.user.id,
      adminName: 'Ada Admin',
      createdAt: expect.any(String),
    });

    // The dismissed report is no longer open: reporting again files a new one, in a new case.
    const again = await report(a, { targetType: 'product', targetId: product.id, reason: 'offensive' });
    expect(again.status).toBe(201);
    expect(caseOf((await queue('?limit=100')).items, product.id)?.reportCount).toBe(1);

    const invalid = await dismiss({ targetType: 'product', targetId: product.id, note: 'x'.repeat(501) });
    expect(invalid.status).toBe(400);
    const viewer = await make.user(['merchant', 'kol']);
    const forbidden = await dismiss({ targetType: 'product', targetId: product.id }, viewer.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect(caseOf((await queue('?limit=100')).items, product.id)?.reportCount).toBe(1);
  });

  it('lists resolved cases newest resolution first', async () => {
    const merchant = await make.user(['merchant']);
    const [older, newer] = [await make.product(merchant.token), await make.product(merchant.token)];
    const viewer = await make.user();
    for (const product of [older, newer]) {
      await report(viewer, { targetType: 'product', targetId: product.id, reason: 'scam' });
      await engine.http('POST', '/api/admin/reports/dismiss', {
        token: admin.token,
        body: { targetType: 'product', targetId: product.id },
      });
    }
    const ids = (await wholeQueue('dismissed', 1)).map((k) => k.targetId);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
  });

  it('keeps the queue and the log to admins: 403 FORBIDDEN for others, 401 signed out, 400 for a bad query', async () => {
    const merchant = await make.user(['merchant', 'kol']);
    for (const url of ['/api/admin/reports', '/api/admin/moderation-log', '/api/admin/merchants']) {
      const answer = await engine.http('GET', url, { token: merchant.token });
      expect(answer.status, url).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
      expect((await engine.http('GET', url)).status, url).toBe(401);
    }
    for (const query of ['?status=closed', '?limit=0', '?limit=101']) {
      const answer = await engine.http('GET', `/api/admin/reports${query}`, { token: admin.token });
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    // A cursor that is none of ours starts the list at the top.
    expect((await queue('?cursor=nonsense')).items).toEqual((await queue()).items);
  });
});
