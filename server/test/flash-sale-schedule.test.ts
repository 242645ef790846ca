import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { saleCloseJobId } from '../src/domains/flash-sales/service.ts';
import { startEngine } from '../src/engine.ts';
import { createLogger } from '../src/logger.ts';
import { factories } from './factories.ts';
import { eventually, REDIS_URL, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';
import { createTestDatabase } from './test-db.ts';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('a merchant schedules flash sales', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: { token: string; user: { id: string } };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { HOLD_TTL_MS: '1500' } });
    make = factories(engine);
    merchant = await make.user(['merchant']);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const getSale = (id: string) => engine.http('GET', `/api/flash-sales/${id}`).then((r) => r.body);
  const getStock = (productId: string) => engine.http('GET', `/api/products/${productId}`).then((r) => r.body.stock as number);
  const patch = (id: string, body: object, token = merchant.token) => engine.http('PATCH', `/api/flash-sales/${id}`, { token, body });
  const cancel = (id: string, token = merchant.token) => engine.http('POST', `/api/flash-sales/${id}/cancel`, { token });

  it('edits a sale before it opens: the stock follows the quantity and the sale opens at its new time', async () => {
    const product = await make.product(merchant.token, { stock: 50 });
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 10,
      startsAt: inMs(3600_000),
      endsAt: inMs(7200_000),
    });
    expect(await getStock(product.id)).toBe(40);

    const bigger = await patch(sale.id, { quantity: 25, priceCents: 7700, perUserLimit: 3 });
    expect(bigger.status).toBe(200);
    expect(bigger.body).toMatchObject({ status: 'scheduled', quantity: 25, remaining: 25, priceCents: 7700, perUserLimit: 3 });
    expect(await getStock(product.id)).toBe(25);
    const smaller = await patch(sale.id, { quantity: 5 });
    expect(smaller.body.remaining).toBe(5);
    expect(await getStock(product.id)).toBe(45);

    const tooMany = await patch(sale.id, { quantity: 100 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('INSUFFICIENT_STOCK');
    const backwards = await patch(sale.id, { endsAt: inMs(1000) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('VALIDATION_FAILED');

    const earlier = await patch(sale.id, { startsAt: inMs(500) });
    expect(earlier.status).toBe(200);
    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'live',
    );
    expect(await getSale(sale.id)).toMatchObject({ quantity: 5, remaining: 5, priceCents: 7700 });
  });

  it('refuses changes once the sale has opened (409 SALE_NOT_EDITABLE) and from another merchant (403)', async () => {
    const product = await make.product(merchant.token, { stock: 10 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 5 });
    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'live',
    );
    for (const answer of [await patch(sale.id, { priceCents: 1 }), await cancel(sale.id)]) {
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('SALE_NOT_EDITABLE');
    }
    const stranger = await make.user(['merchant']);
    const scheduled = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 1,
      startsAt: inMs(3600_000),
      endsAt: inMs(7200_000),
    });
    expect((await patch(scheduled.id, { priceCents: 1 }, stranger.token)).status).toBe(403);
    expect((await cancel(scheduled.id, stranger.token)).status).toBe(403);
    const viewer = await make.user();
    expect((await cancel(scheduled.id, viewer.token)).status).toBe(403);
  });

  it('cancels a sale before it opens: every unit goes back and the sale never opens', async () => {
    const product = await make.product(merchant.token, { stock: 12 });
    // Far enough ahead that a loaded machine cannot open it before the cancel; the test runs the open job itself.
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 8, startsAt: inMs(30_000) });
    expect(await getStock(product.id)).toBe(4);
    const cancelled = await cancel(sale.id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await getStock(product.id)).toBe(12);

    // Its open job fires, finds nothing to open, and the sale takes no reservation.
    expect((await engine.services.flashSales.openSale(sale.id))?.status).toBe('cancelled');
    const buyer = await make.user();
    const refused = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 1 } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SALE_NOT_ACTIVE');
    expect((await cancel(sale.id)).status).toBe(409);
  });

  it('gives the units of a sale that ended unsold back to the product, and those of holds lapsing after the end too', async () => {
    const product = await make.product(merchant.token, { stock: 10 });
    // Long enough for the reservation on a loaded machine, short enough to wait for the end.
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 6, perUserLimit: 2, endsAt: inMs(5000) });
    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'live',
    );
    const buyer = await make.user();
    const hold = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 2 } });
    expect(hold.status).toBe(201);

    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'ended',
    );
    // The unreserved 4 come back at the close; the held 2 once their hold lapses.
    await eventually(
      () => getStock(product.id),
      (stock) => stock === 10,
    );
    expect(await getSale(sale.id)).toMatchObject({ status: 'ended', remaining: 6, held: 0, sold: 0 });
  });

  it('lets a buyer give a hold back: its units return to the sale at once', async () => {
    const product = await make.product(merchant.token, { stock: 5 });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity: 5, perUserLimit: 5 });
    await eventually(
      () => getSale(sale.id),
      (s) => s.status === 'live',
    );
    const [buyer, thief] = [await make.user(), await make.user()];
    const hold = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: buyer.token, body: { quantity: 3 } });
    const url = `/api/flash-sales/${sale.id}/reservations/${hold.body.reservationId}`;

    expect((await engine.http('DELETE', url, { token: thief.token })).status).toBe(404);
    const released = await engine.http('DELETE', url, { token: buyer.token });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', quantity: 3 });
    expect((await getSale(sale.id)).remaining).toBe(5);
    const again = await engine.http('DELETE', url, { token: buyer.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('HOLD_EXPIRED');
  });

  it("sends flashsale:update to the stream's viewers and to the merchant when the sale opens, sells and closes", async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    const product = await make.product(merchant.token, { stock: 5 });
    // The KOL showcases the product, so a sale of it in their stream is accepted at once.
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const viewer = await make.user();
    const viewerSocket = await engine.connect(viewer.token);
    expect((await request(viewerSocket, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    const merchantSocket = await engine.connect(merchant.token);

    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      streamId: stream.id,
      quantity: 5,
      startsAt: inMs(500),
      endsAt: inMs(1500),
    });
    const opened = (socket: typeof viewerSocket) => nextEvent(socket, 'flashsale:update', (u) => u.id === sale.id && u.status === 'live');
    expect(await Promise.all([opened(viewerSocket), opened(merchantSocket)])).toEqual([
      { id: sale.id, status: 'live', remaining: 5 },
      { id: sale.id, status: 'live', remaining: 5 },
    ]);

    const sold = nextEvent(merchantSocket, 'flashsale:update', (u) => u.id === sale.id && u.remaining === 3);
    await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, { token: viewer.token, body: { quantity: 2 } });
    await sold;

    const closed = await nextEvent(viewerSocket, 'flashsale:update', (u) => u.id === sale.id && u.status === 'ended');
    expect(closed.remaining).toBe(3);
  });

  it("lists the merchant's own sales, newest first, with live stock", async () => {
    const other = await make.user(['merchant']);
    const product = await make.product(other.token, { stock: 9 });
    const first = await make.flashSale(other.token, { productId: product.id, quantity: 4, startsAt: inMs(1000_000) });
    const second = await make.flashSale(other.token, { productId: product.id, quantity: 3, startsAt: inMs(2000_000) });
    const list = await engine.http('GET', '/api/merchants/me/flash-sales', { token: other.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([second.id, first.id]);
    expect(list.body.items[1]).toMatchObject({ status: 'scheduled', quantity: 4, remaining: 4, held: 0, sold: 0 });
    const viewer = await make.user();
    expect((await engine.http('GET', '/api/merchants/me/flash-sales', { token: viewer.token })).status).toBe(403);
  });
});

describe('when the engine was down as a sale fell due', () => {
  it('opens and closes it when it comes back, and queues each job once however often it reconciles', async () => {
    const pg = await createTestDatabase();
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: pg.url, REDIS_URL, REDIS_PREFIX: prefix });
    const log = createLogger('error');
    const redis = new Redis(REDIS_URL);
    try {
      const before = await startEngine(config, { log, withMedia: false, withWorkers: true });
      const { services } = before;
      const merchant = await services.auth.register({
        email: `m-${prefix}@example.test`,
        password: 'correct horse battery',
        displayName: 'M',
        roles: ['merchant'],
      });
      const product = await services.catalog.createProduct(merchant.user.id, {
        title: 'Lamp',
        description: 'Warm',
        priceCents: 1000,
        currency: 'CNY',
        stock: 20,
        kolCommissionBps: 0,
      });
      const terms = { productId: product.id, priceCents: 500, quantity: 5, perUserLimit: 1, startsAt: inMs(60_000) };
      const stillOn = await services.flashSales.schedule(merchant.user.id, { ...terms, endsAt: inMs(2 * 3600_000) });
      const over = await services.flashSales.schedule(merchant.user.id, { ...terms, endsAt: inMs(30 * 60_000) });
      await before.close();
      // Redis lost the delayed jobs too: only the reconcile can bring the sales along.
      const jobKeys = await redis.keys(`${prefix}:bull:*`);
      if (jobKeys.length > 0) await redis.del(...jobKeys);

      // The engine comes back an hour later.
      const after = await startEngine(config, {
        log,
        withMedia: false,
        withWorkers: true,
        clock: { now: () => new Date(Date.now() + 3600_000) },
      });
      try {
        expect((await after.services.flashSales.getSale(stillOn.id)).status).toBe('live');
        expect(await after.services.flashSales.getSale(over.id)).toMatchObject({ status: 'ended', remaining: 5 });
        expect((await after.services.catalog.getProduct(product.id)).stock).toBe(15);

        const closeJob = `${prefix}:bull:sale-close:${saleCloseJobId(stillOn.id, new Date(stillOn.endsAt))}`;
        expect(await redis.exists(closeJob)).toBe(1);
        const delayedCloses = async () => (await after.infra.queues.counts())['sale-close'].delayed;
        const queued = await delayedCloses();
        await after.services.flashSales.reconcile();
        await Promise.all([after.services.flashSales.openSale(stillOn.id), after.services.flashSales.openSale(stillOn.id)]);
        expect(await delayedCloses()).toBe(queued);
        expect((await after.services.catalog.getProduct(product.id)).stock).toBe(15);
      } finally {
        await after.close();
      }
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await pg.drop();
    }
  });
});
