import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe('watching a group buy over Socket.IO', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('group:watch answers the progress and then sends group:update as people join', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const [leader, friend] = await Promise.all([make.user(), make.user()]);
    const product = await make.product(merchant.token, { priceCents: 10000, stock: 10 });
    const offer = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, groupPriceCents: 7000, groupSize: 3, windowMinutes: 60 },
    });
    const opened = await engine.http('POST', `/api/group-offers/${offer.body.id}/groups`, {
      token: leader.token,
      body: { shippingAddress: ADDRESS },
    });
    const groupId = opened.body.group.id as string;

    const anonymous = await engine.connect();
    const watched = await request(anonymous, 'group:watch', { groupId });
    expect(watched.ok).toBe(true);
    expect(watched.group).toMatchObject({ id: groupId, size: 3, joined: 1, status: 'open' });
    expect((await request(anonymous, 'group:watch', { groupId: 'missing' })).error.code).toBe('NOT_FOUND');

    const update = nextEvent(anonymous, 'group:update', (g) => g.id === groupId && g.joined === 2);
    expect(
      (await engine.http('POST', `/api/groups/${groupId}/join`, { token: friend.token, body: { shippingAddress: ADDRESS } })).status,
    ).toBe(201);
    expect((await update).paid).toBe(0);
  });
});
