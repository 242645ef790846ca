import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent } from './live-client.ts';

describe('the order status machine', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let kol: Made;
  let buyer: Made;
  let productId: string;
  let streamId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    [merchant, kol, buyer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['viewer'])]);
    productId = (await make.product(merchant.token, { priceCents: 10000, stock: 20, kolCommissionBps: 1000 })).id;
    // Live and offering the product, so its KOL earns on it (ADR 0012).
    streamId = (await make.liveStream(kol.token, [productId])).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const placePaidOrder = async () => {
    const order = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], streamId, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(pay.body.status).toBe('succeeded');
    return order.body.id as string;
  };
  const post = (path: string, token: string, body?: unknown) => engine.http('POST', path, { token, ...(body ? { body } : {}) });

  it('goes paid → shipped → delivered → completed by the merchant and the buyer, and the buyer hears every step live', async () => {
    const socket = await engine.connect(buyer.token);
    const orderId = await placePaidOrder();
    const heard: string[] = [];
    socket.on('order:update', (u) => {
      if (u.orderId === orderId) heard.push(u.status);
    });

    const shipped = await post(`/api/orders/${orderId}/ship`, merchant.token, { carrier: 'SF Express', trackingNumber: 'SF123' });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    expect((await post(`/api/orders/${orderId}/deliver`, merchant.token)).body.status).toBe('delivered');
    const completedEvent = nextEvent(socket, 'order:update', (u) => u.orderId === orderId && u.status === 'completed');
    expect((await post(`/api/orders/${orderId}/complete`, buyer.token)).body.status).toBe('completed');
    await completedEvent;

    expect(heard).toEqual(['shipped', 'delivered', 'completed']);
    const order = await engine.http('GET', `/api/orders/${orderId}`, { token: buyer.token });
    expect(order.body.history.map((h: { to: string }) => h.to)).toEqual(['pending_payment', 'paid', 'shipped', 'delivered', 'completed']);
    expect(order.body.history[2].reason).toContain('SF Express SF123');
  });

  it('keeps the KOL commission pending until the buyer completes the order, then settles it', async () => {
    const orderId = await placePaidOrder();
    const commissionOf = async () =>
      (await engine.http('GET', '/api/me/earnings', { token: kol.token })).body.entries.filter(
        (e: { orderId: string }) => e.orderId === orderId,
      );
    expect(await eventually(commissionOf, (entries) => entries.length === 1)).toEqual([
      expect.objectContaining({ kind: 'kol_commission', amountCents: 1000, status: 'pending' }),
    ]);

    await post(`/api/orders/${orderId}/ship`, merchant.token);
    await post(`/api/orders/${orderId}/deliver`, merchant.token);
    await post(`/api/orders/${orderId}/complete`, buyer.token);
    await eventually(commissionOf, (entries) => entries[0]?.status === 'settled');
    expect(await engine.services.ledger.getImbalanceCents()).toBe(0);
  });

  it('lets the buyer confirm receipt of a shipped order the carrier never reported delivered', async () => {
    const orderId = await placePaidOrder();
    expect((await post(`/api/orders/${orderId}/ship`, merchant.token, { carrier: 'SF', trackingNumber: 'SF9' })).status).toBe(200);
    expect((await post(`/api/orders/${orderId}/complete`, merchant.token)).status).toBe(403);
    const completed = await post(`/api/orders/${orderId}/complete`, buyer.token);
    expect(completed.body.status).toBe('completed');
    expect(completed.body.history.slice(-3)).toMatchObject([
      { to: 'shipped' },
      { to: 'delivered', reason: 'received, confirmed by the buyer' },
      { to: 'completed', reason: 'confirmed by the buyer' },
    ]);
    expect((await post(`/api/orders/${orderId}/complete`, buyer.token)).status).toBe(409);
  });

  it('lets only the merchant ship and deliver and only the buyer complete (403), and hides the order from strangers (404)', async () => {
    const orderId = await placePaidOrder();
    const stranger = await make.user(['merchant']);
    expect((await post(`/api/orders/${orderId}/ship`, buyer.token)).body.error.code).toBe('FORBIDDEN');
    expect((await post(`/api/orders/${orderId}/ship`, stranger.token)).status).toBe(404);
    expect((await engine.http('POST', `/api/orders/${orderId}/ship`)).status).toBe(401);
    await post(`/api/orders/${orderId}/ship`, merchant.token);
    expect((await post(`/api/orders/${orderId}/deliver`, buyer.token)).status).toBe(403);
    await post(`/api/orders/${orderId}/deliver`, merchant.token);
    expect((await post(`/api/orders/${orderId}/complete`, merchant.token)).status).toBe(403);
  });

  it('answers a move the table forbids with 409 INVALID_ORDER_TRANSITION', async () => {
    const unpaid = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS },
    });
    const ship = await post(`/api/orders/${unpaid.body.id}/ship`, merchant.token);
    expect(ship.status).toBe(409);
    expect(ship.body.error.code).toBe('INVALID_ORDER_TRANSITION');

    const orderId = await placePaidOrder();
    expect((await post(`/api/orders/${orderId}/complete`, buyer.token)).status).toBe(409);
    expect((await post(`/api/orders/${orderId}/deliver`, merchant.token)).status).toBe(409);
    await post(`/api/orders/${orderId}/ship`, merchant.token);
    expect((await post(`/api/orders/${orderId}/ship`, merchant.token)).status).toBe(409);
  });

  it('moves an order once when two merchants race to ship it', async () => {
    const orderId = await placePaidOrder();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(`/api/orders/${orderId}/ship`, merchant.token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const order = await engine.http('GET', `/api/orders/${orderId}`, { token: merchant.token });
    expect(order.body.history.filter((h: { to: string }) => h.to === 'shipped')).toHaveLength(1);
  });
});
