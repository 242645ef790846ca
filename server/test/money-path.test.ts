import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';

describe.each(['postgres', 'pglite'] as const)('the money path on %s', (database) => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ database });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('goes from a new product to the KOL commission on the ledger through HTTP, Socket.IO, Redis and BullMQ', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const viewer = await make.user(['viewer']);

    const product = await make.product(merchant.token, { priceCents: 25000, stock: 50, kolCommissionBps: 1200 });
    const stream = await make.stream(kol.token);
    expect((await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token })).body.status).toBe('live');
    expect(
      (await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } })).status,
    ).toBe(201);

    // The sale opens by itself: a BullMQ delayed job fires at startsAt.
    const startsAt = new Date(Date.now() + 1500);
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      streamId: stream.id,
      priceCents: 19900,
      quantity: 5,
      perUserLimit: 2,
      startsAt: startsAt.toISOString(),
    });
    expect(sale.status).toBe('scheduled');
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(45);

    const socket = await engine.connect(viewer.token);
    const joined = await request(socket, 'stream:join', { streamId: stream.id });
    expect(joined.ok).toBe(true);
    expect(joined.snapshot.stream.status).toBe('live');
    expect(joined.snapshot.flashSale).toMatchObject({ id: sale.id, status: 'scheduled', remaining: 5 });
    expect(joined.snapshot.viewerCount).toBe(1);

    const pinned = nextEvent(socket, 'pin:changed');
    await engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });
    expect(await pinned).toMatchObject({ streamId: stream.id, product: { id: product.id, priceCents: 25000 } });

    const opened = await nextEvent(socket, 'flashsale:update', (u) => u.id === sale.id && u.status === 'live');
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime() - 50);
    expect(opened.remaining).toBe(5);

    const stockMoved = nextEvent(socket, 'flashsale:update', (u) => u.id === sale.id && u.remaining === 3);
    const reservation = await engine.http('POST', `/api/flash-sales/${sale.id}/reservations`, {
      token: viewer.token,
      body: { quantity: 2 },
    });
    expect(reservation.status).toBe(201);
    expect(Date.parse(reservation.body.expiresAt)).toBeGreaterThan(Date.now());
    await stockMoved;

    const order = await engine.http('POST', '/api/orders', {
      token: viewer.token,
      body: { reservationId: reservation.body.reservationId, shippingAddress: ADDRESS, totalCents: 1 },
    });
    expect(order.status).toBe(201);
    // The total comes from the sale price, never from the client.
    expect(order.body).toMatchObject({ status: 'pending_payment', totalCents: 2 * 19900 });

    const paidUpdate = nextEvent(socket, 'order:update', (u) => u.orderId === order.body.id && u.status === 'paid');
    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: viewer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.status).toBe(200);
    expect(pay.body.status).toBe('succeeded');
    await paidUpdate;

    const expectedCommission = Math.floor((2 * 19900 * 1200) / 10_000);
    const earnings = await eventually(
      async () => (await engine.http('GET', '/api/me/earnings', { token: kol.token })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.pendingCents).toBe(expectedCommission);
    expect(earnings.entries).toEqual([
      expect.objectContaining({ orderId: order.body.id, kind: 'kol_commission', amountCents: expectedCommission }),
    ]);
    expect(await engine.services.ledger.getImbalanceCents()).toBe(0);

    const viewed = await engine.http('GET', `/api/orders/${order.body.id}`, { token: merchant.token });
    expect(viewed.body.history.map((h: { to: string }) => h.to)).toEqual(['pending_payment', 'paid']);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body).toMatchObject({ status: 'live', remaining: 3 });
  });
});
