import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAN_POINTS } from '../src/domains/fans/levels.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { request } from './live-client.ts';

describe('fan groups', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('gives a fan a badge on comments and in the join snapshot, and ranks fans by points from comments and purchases', async () => {
    const kol = await make.user(['kol']);
    const merchant = await make.user(['merchant']);
    const fan = await make.user(['viewer'], { displayName: 'Superfan' });
    const casual = await make.user();
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const joined = await engine.http('POST', `/api/kols/${kol.user.id}/fan-group`, { token: fan.token });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ points: 0, level: 1 });

    const fanSocket = await engine.connect(fan.token);
    expect((await request(fanSocket, 'stream:join', { streamId: stream.id })).snapshot.fanLevel).toBe(1);
    const fanComment = await request(fanSocket, 'comment:send', { streamId: stream.id, text: 'first!' });
    expect(fanComment.comment.fanLevel).toBe(1);
    const casualSocket = await engine.connect(casual.token);
    await request(casualSocket, 'stream:join', { streamId: stream.id });
    expect((await request(casualSocket, 'comment:send', { streamId: stream.id, text: 'hi' })).comment.fanLevel).toBeNull();

    // A purchase counts for the KOL's fan group only when the stream offered the product (ADR 0012).
    const product = await make.product(merchant.token);
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const order = await engine.http('POST', '/api/orders', {
      token: fan.token,
      body: { items: [{ productId: product.id, quantity: 1 }], streamId: stream.id, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token: fan.token, body: { outcome: 'succeeded' } });

    const top = await eventually(
      async () => (await engine.http('GET', `/api/kols/${kol.user.id}/fans/top`)).body.items,
      (items) => items[0]?.points === FAN_POINTS.comment + FAN_POINTS.purchase,
    );
    expect(top).toEqual([expect.objectContaining({ userId: fan.user.id, displayName: 'Superfan', level: 1 })]);
  });

  it('refuses to join one’s own group or a user who is no KOL', async () => {
    const kol = await make.user(['kol']);
    const viewer = await make.user();
    expect((await engine.http('POST', `/api/kols/${kol.user.id}/fan-group`, { token: kol.token })).status).toBe(400);
    expect((await engine.http('POST', `/api/kols/${viewer.user.id}/fan-group`, { token: kol.token })).status).toBe(404);
  });
});
