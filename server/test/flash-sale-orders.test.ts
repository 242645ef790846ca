import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flashSaleHolds } from '../../db/schema/index.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe('orders placed on flash-sale holds', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { ORDER_PAYMENT_TTL_MS: '1000' } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const getSale = (id: string) => engine.http('GET', `/api/flash-sales/${id}`).then((r) => r.body);

  it('keep their units while unpaid, and give them back to the sale when the order lapses', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { stock: 3 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 3, perUserLimit: 2 });
    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'live',
    );
    const buyer = await make.user();
    const hold = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 2 } });
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    expect(await getSale(sale.id)).toMatchObject({ remaining: 1, held: 2 });
    const [row] = await engine.infra.database.db.select().from(flashSaleHolds).where(eq(flashSaleHolds.id, hold.body.reservationId));
    expect(row?.status).toBe('ordered');

    await eventually(
      () => engine.http('GET', `/api/orders/${order.body.id}`, { token: buyer.token }).then((r) => r.body.status),
      (status) => status === 'cancelled',
    );
    await eventually(
      () => getSale(sale.id),
      (s) => s.remaining === 3 && s.held === 0,
    );
    // PostgreSQL follows through the sale's journal, off the request path (the sale-journal job).
    await eventually(
      async () => (await engine.infra.database.db.select().from(flashSaleHolds).where(eq(flashSaleHolds.id, hold.body.reservationId)))[0],
      (released) => released?.status === 'released',
    );
    // The buyer's limit counts again from zero.
    const again = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 2 } });
    expect(again.status).toBe(201);
  });
});
