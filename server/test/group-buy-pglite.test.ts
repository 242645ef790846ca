import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

// PGlite has a single connection: a read outside a group's transaction would wait for it forever.
describe('group buys on the embedded PGlite', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ database: 'pglite' });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('opens, joins, fills and settles a group, refuses a join into the full group, and takes back a member whose order lapsed', async () => {
    const merchant = await make.user(['merchant']);
    const [a, b, c] = (await Promise.all([make.user(), make.user(), make.user()])) as [Made, Made, Made];
    const product = await make.product(merchant.token, { priceCents: 5000, stock: 5 });
    const offer = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, groupPriceCents: 3500, groupSize: 2, windowMinutes: 30 },
    });
    const membership = (buyer: Made, url: string) => engine.http('POST', url, { token: buyer.token, body: { shippingAddress: ADDRESS } });
    const opened = await membership(a, `/api/group-offers/${offer.body.id}/groups`);
    expect(opened.status).toBe(201);
    const lapsed = await membership(b, `/api/groups/${opened.body.group.id}/join`);
    expect(lapsed.status).toBe(201);
    expect((await membership(c, `/api/groups/${opened.body.group.id}/join`)).body.error.code).toBe('GROUP_FULL');
    expect(await engine.services.orders.lapseUnpaidOrder(lapsed.body.order.id)).toBe('cancelled');
    const joined = await membership(b, `/api/groups/${opened.body.group.id}/join`);
    expect(joined.status).toBe(201);
    expect(joined.body.group).toMatchObject({ joined: 2, membership: { order: { id: joined.body.order.id } } });

    for (const [buyer, placed] of [
      [a, opened],
      [b, joined],
    ] as const) {
      await engine.http('POST', `/api/payments/${placed.body.order.paymentId}/sandbox-pay`, {
        token: buyer.token,
        body: { outcome: 'succeeded' },
      });
    }
    expect((await engine.http('GET', `/api/groups/${opened.body.group.id}`)).body).toMatchObject({
      status: 'succeeded',
      joined: 2,
      paid: 2,
    });
    const merchantNet = await eventually(
      async () => (await engine.http('GET', '/api/merchants/me/settlement', { token: merchant.token })).body.items.length as number,
      (n) => n === 2,
    );
    expect(merchantNet).toBe(2);
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });
});
