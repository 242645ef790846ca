import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flashSaleHolds, flashSales } from '../../db/schema/index.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, REDIS_URL, startTestEngine, type TestEngine } from './harness.ts';
import { PrivateRedis } from './private-redis.ts';

/**
 * Redis dies mid-sale and comes back empty (no persistence). The sale is rebuilt from
 * PostgreSQL and goes on: nothing paid is lost, nothing is sold twice, nobody passes the limit,
 * and the jobs Redis held (hold lapses, the sale's close) run again.
 */
describe('a flash sale when Redis loses its data', () => {
  let redis: PrivateRedis | undefined;
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    engine = await startTestEngine({ env: { HOLD_TTL_MS: '3000', ...(redis ? { REDIS_URL: redis.url } : {}) } });
    make = factories(engine);
  });
  afterAll(async () => {
    await engine?.close();
    await redis?.stop();
  });

  /** A crash of our own redis-server; on a machine without the binary, every key of this engine is deleted instead. */
  async function loseRedisData(): Promise<void> {
    if (redis) return redis.crashAndRestart();
    const shared = new Redis(REDIS_URL);
    try {
      const keys = await shared.keys(`${engine.redisPrefix}:*`);
      if (keys.length > 0) await shared.del(...keys);
    } finally {
      shared.disconnect();
    }
  }

  const sale = (id: string) => engine.http('GET', `/api/flash-sales/${id}`).then((r) => r.body);
  const reserve = (token: string, saleId: string, quantity: number) =>
    engine.http('POST', `/api/flash-sales/${saleId}/reservations`, { token, body: { quantity } });
  async function order(token: string, reservationId: string) {
    const placed = await engine.http('POST', '/api/orders', { token, body: { reservationId, shippingAddress: ADDRESS } });
    expect(placed.status).toBe(201);
    return placed.body as { id: string; paymentId: string };
  }
  async function pay(token: string, paymentId: string) {
    const paid = await engine.http('POST', `/api/payments/${paymentId}/sandbox-pay`, { token, body: { outcome: 'succeeded' } });
    expect(paid.status).toBe(200);
  }

  it('rebuilds the sale from PostgreSQL and sells on, with paid units kept and limits held', async () => {
    const merchant = await make.user(['merchant']);
    const [a, b, c, d] = await Promise.all([make.user(), make.user(), make.user(), make.user()]);
    if (!a || !b || !c || !d) throw new Error('no buyers');
    const product = await make.product(merchant.token, { stock: 30 });
    const endsAt = new Date(Date.now() + 12_000);
    const { id } = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 20,
      perUserLimit: 5,
      endsAt: endsAt.toISOString(),
    });
    await eventually(
      () => sale(id),
      (s) => s.status === 'live',
    );

    // Before the crash: A paid for 3, B ordered 2 without paying yet, C holds 4.
    const aHold = await reserve(a.token, id, 3);
    const aOrder = await order(a.token, aHold.body.reservationId);
    await pay(a.token, aOrder.paymentId);
    const bHold = await reserve(b.token, id, 2);
    const bOrder = await order(b.token, bHold.body.reservationId);
    const cHold = await reserve(c.token, id, 4);
    await eventually(
      () => engine.infra.database.db.select().from(flashSaleHolds).where(eq(flashSaleHolds.id, cHold.body.reservationId)),
      (rows) => rows.length === 1,
    );
    expect(await sale(id)).toMatchObject({ remaining: 11, held: 6, sold: 3 });

    await loseRedisData();

    // The first reservation after the loss finds the sale gone and rebuilds it.
    const aAgain = await eventually(
      () => reserve(a.token, id, 3),
      (r) => r.status !== 500,
    );
    expect(aAgain.status).toBe(429);
    expect(aAgain.body.error.code).toBe('PURCHASE_LIMIT_REACHED');
    expect(await sale(id)).toMatchObject({ status: 'live', remaining: 11, held: 6, sold: 3 });

    // B's order and C's hold survived: both can still be paid for.
    await pay(b.token, bOrder.paymentId);
    const cOrder = await order(c.token, cHold.body.reservationId);
    await pay(c.token, cOrder.paymentId);
    expect(await sale(id)).toMatchObject({ remaining: 11, held: 0, sold: 9 });

    // The hold sweeper came back with the jobs: D's hold lapses and its unit returns.
    const dHold = await reserve(d.token, id, 1);
    expect(dHold.status).toBe(201);
    expect(dHold.body.remaining).toBe(10);
    await eventually(
      () => sale(id),
      (s) => s.remaining === 11,
      8000,
    );

    // So did the sale's close: it ends on time and its 11 unsold units go back to the product.
    await eventually(
      () => sale(id),
      (s) => s.status === 'ended',
      15_000,
    );
    const productAfter = await eventually(
      () => engine.http('GET', `/api/products/${product.id}`).then((r) => r.body),
      (p) => p.stock === 30 - 20 + 11,
    );
    expect(productAfter.stock).toBe(21);
    const [row] = await engine.infra.database.db.select().from(flashSales).where(eq(flashSales.id, id));
    expect(row).toMatchObject({ soldCount: 9, returnedToStock: 11 });
    const holds = await engine.infra.database.db.select().from(flashSaleHolds).where(eq(flashSaleHolds.saleId, id));
    expect(holds.filter((h) => h.status === 'sold').reduce((sum, h) => sum + h.quantity, 0)).toBe(9);
  }, 60_000);
});
