import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSalesBroadcaster, shortBuyerName } from '../src/domains/streams/live-sales.ts';
import type { PurchaseNewPayload } from '../src/realtime/contract.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { type LiveClient, nextEvent, request } from './live-client.ts';

describe('shortBuyerName: a room sees the first name and an initial, never the full name', () => {
  it.each([
    ['Mei Lin', 'Mei L.'],
    ['  Mei   Lin  Chen ', 'Mei C.'],
    ['Mei', 'Mei'],
    ['wang xiaoming', 'wang X.'],
    ['Ærø Ødegaard', 'Ærø Ø.'],
    ['   ', 'Someone'],
  ])('%j → %j', (name, shown) => {
    expect(shortBuyerName(name)).toBe(shown);
  });
});

describe('a stream room hears its sales: purchase:new (batched, first name and initial) and product:stock', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** Places an order of one unit and pays it through the sandbox; answers the order id. */
  async function buyAndPay(token: string, productId: string, streamId: string | undefined): Promise<string> {
    const order = await engine.http('POST', '/api/orders', {
      token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, ...(streamId ? { streamId } : {}) },
    });
    expect(order.status).toBe(201);
    const pay = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token, body: { outcome: 'succeeded' } });
    expect(pay.status).toBe(200);
    return order.body.id;
  }

  function collect(socket: LiveClient): PurchaseNewPayload[] {
    const seen: PurchaseNewPayload[] = [];
    socket.on('purchase:new', (payload) => seen.push(payload));
    return seen;
  }

  it('tells the room who bought what and the stock left, batches a rush, and keeps full names out', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const tea = await make.product(merchant.token, { title: 'Longjing green tea', priceCents: 16800, stock: 10 });
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const mei = await make.user(['viewer'], { displayName: 'Mei Lin Chen' });
    const watcher = await make.user(['viewer']);
    const socket = await engine.connect(watcher.token);
    expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    const lines = collect(socket);

    const stock = nextEvent(socket, 'product:stock', (p) => p.productId === tea.id);
    const line = nextEvent(socket, 'purchase:new');
    const paidAt = Date.now();
    const firstOrderId = await buyAndPay(mei.token, tea.id, stream.id);
    // The first line of a quiet room goes out at once.
    expect(await line).toEqual({ streamId: stream.id, displayName: 'Mei C.', productTitle: 'Longjing green tea', others: 0 });
    expect(Date.now() - paidAt).toBeLessThan(2000);
    expect(await stock).toEqual({ streamId: stream.id, productId: tea.id, stock: 9 });
    expect(JSON.stringify(lines)).not.toMatch(/Lin|Chen/);

    // More buyers: every purchase is in exactly one line (alone or among "others"), none under a full name.
    const buyers = await Promise.all(
      ['Ana Souza', 'Bo Zhang', 'Chidi Okafor'].map((displayName) => make.user(['viewer'], { displayName })),
    );
    const lowStock = nextEvent(socket, 'product:stock', (p) => p.productId === tea.id && p.stock === 6);
    const orderIds: string[] = [];
    for (const buyer of buyers) orderIds.push(await buyAndPay(buyer.token, tea.id, stream.id));
    await lowStock;
    const counted = () => lines.reduce((sum, l) => sum + 1 + l.others, 0);
    await eventually(
      async () => counted(),
      (n) => n === 4,
      10_000,
    );
    expect(lines.slice(1).map((l) => l.displayName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(Ana S\.|Bo Z\.|Chidi O\.)$/)]),
    );
    expect(JSON.stringify(lines)).not.toMatch(/Souza|Zhang|Okafor/);

    // A rush inside one window: the first line at once, then one line naming the latest buyer and counting the others.
    const rush = new LiveSalesBroadcaster({
      bus: engine.services.bus,
      orderLines: async ({ orderId, buyerId }) => (await engine.services.orders.getOrderFor({ userId: buyerId, roles: [] }, orderId)).items,
      products: async (ids) => new Map((await Promise.all(ids.map((id) => engine.services.catalog.getProduct(id)))).map((p) => [p.id, p])),
      displayName: (userId) => engine.services.auth.getDisplayName(userId),
      purchaseEveryMs: 1500,
    });
    lines.length = 0;
    const startedAt = Date.now();
    const paid = [mei, ...buyers].map((buyer, i) => ({
      orderId: i === 0 ? firstOrderId : (orderIds[i - 1] ?? ''),
      buyerId: buyer.user.id,
      streamId: stream.id,
    }));
    for (const order of paid) {
      rush.orderPaid(order);
      // In order: each lookup settles before the next purchase, as payments a moment apart do.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await eventually(
      async () => lines.length,
      (n) => n === 2,
      5000,
    );
    rush.close();
    expect(lines).toEqual([
      { streamId: stream.id, displayName: 'Mei C.', productTitle: 'Longjing green tea', others: 0 },
      { streamId: stream.id, displayName: 'Chidi O.', productTitle: 'Longjing green tea', others: 2 },
    ]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1400);
  }, 30_000);

  it('says nothing in a room for an order placed outside the stream, or for an order that is not paid', async () => {
    const make = factories(engine);
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const lamp = await make.product(merchant.token, { title: 'Walnut desk lamp', stock: 5 });
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    const buyer = await make.user(['viewer'], { displayName: 'Yuki Tanaka' });
    const socket = await engine.connect();
    expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    const lines = collect(socket);
    let stockEvents = 0;
    socket.on('product:stock', () => stockEvents++);

    await buyAndPay(buyer.token, lamp.id, undefined);
    const unpaid = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: lamp.id, quantity: 1 }], shippingAddress: ADDRESS, streamId: stream.id },
    });
    expect(unpaid.status).toBe(201);
    // A paid order of the stream afterwards is heard, so the silence before it was not a slow bus.
    const heard = nextEvent(socket, 'purchase:new');
    const other = await make.user(['viewer'], { displayName: 'Zoe Park' });
    await buyAndPay(other.token, lamp.id, stream.id);
    expect(await heard).toMatchObject({ displayName: 'Zoe P.', others: 0 });
    expect(lines).toEqual([expect.objectContaining({ displayName: 'Zoe P.' })]);
    expect(await nextEvent(socket, 'product:stock')).toMatchObject({ productId: lamp.id, stock: 2 });
    expect(stockEvents).toBe(1);
  }, 30_000);
});
