import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { nextEvent, request } from './live-client.ts';
import { makeAdmin } from './moderation-admin.ts';

describe('taking a product down and restoring it', () => {
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

  const takeDown = (productId: string, body: unknown = { reason: 'Counterfeit branded goods' }, token = admin.token) =>
    engine.http('POST', `/api/admin/products/${productId}/take-down`, { token, body });
  const restore = (productId: string, token = admin.token) => engine.http('POST', `/api/admin/products/${productId}/restore`, { token });
  const getSale = async (id: string) => (await engine.http('GET', `/api/flash-sales/${id}`)).body;
  const notificationsOf = async (user: Made) => (await engine.http('GET', '/api/me/notifications', { token: user.token })).body.items;

  it('takes the product out of the live stream, cancels its sales with their stock back, refuses orders and tells everyone', async () => {
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol']);
    const [buyer, holder, reporter] = (await Promise.all([make.user(), make.user(), make.user()])) as [Made, Made, Made];
    const product = await make.product(merchant.token, { title: 'Designer bag', stock: 100 });
    const other = await make.product(merchant.token, { title: 'Plain tote' });
    const stream = await make.stream(kol.token);
    for (const productId of [product.id, other.id]) {
      await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId } });
    }
    await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    await engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });

    const liveSale = await make.flashSale(merchant.token, { productId: product.id, streamId: stream.id, quantity: 10, perUserLimit: 3 });
    const laterSale = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 10,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    await eventually(
      () => getSale(liveSale.id),
      (s) => s.status === 'live',
    );
    // One buyer paid for a unit; another holds two without an order.
    const paidHold = await engine.http('POST', `/api/flash-sales/${liveSale.id}/reservations`, {
      token: buyer.token,
      body: { quantity: 1 },
    });
    const paidOrder = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { reservationId: paidHold.body.reservationId, shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${paidOrder.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    await eventually(
      () => getSale(liveSale.id),
      (s) => s.sold === 1,
    );
    const heldHold = await engine.http('POST', `/api/flash-sales/${liveSale.id}/reservations`, {
      token: holder.token,
      body: { quantity: 2 },
    });
    expect(heldHold.status).toBe(201);
    await engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'product', targetId: product.id, reason: 'counterfeit' },
    });

    const viewer = await engine.connect();
    await request(viewer, 'stream:join', { streamId: stream.id });
    const unpinned = nextEvent(viewer, 'pin:changed', (e) => e.streamId === stream.id && e.product === null);
    const bagChanged = nextEvent(viewer, 'showcase:changed', (e) => e.streamId === stream.id);

    const answer = await takeDown(product.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: product.id,
      status: 'taken_down',
      moderation: { reason: 'Counterfeit branded goods', at: expect.any(String) },
    });

    // Viewers see the bag and the pin change; the stream page agrees.
    expect((await bagChanged).productIds).toEqual([other.id]);
    await unpinned;
    const page = (await engine.http('GET', `/api/streams/${stream.id}`)).body;
    expect(page.showcase.map((p: { id: string }) => p.id)).toEqual([other.id]);
    expect(page.pinnedProductId).toBeNull();
    expect(page.activeFlashSale).toBeNull();

    // Both sales are cancelled; what was not sold is back on the product (100 - 1 sold).
    expect(await getSale(liveSale.id)).toMatchObject({ status: 'cancelled', sold: 1 });
    expect(await getSale(laterSale.id)).toMatchObject({ status: 'cancelled' });
    const mine = await engine.http('GET', `/api/products/${product.id}`, { token: merchant.token });
    expect(mine.body.stock).toBe(99);

    // Nothing more can be bought.
    const reserve = await engine.http('POST', `/api/flash-sales/${liveSale.id}/reservations`, {
      token: holder.token,
      body: { quantity: 1 },
    });
    expect(reserve.body.error.code).toBe('SALE_NOT_ACTIVE');
    const fromHold = await engine.http('POST', '/api/orders', {
      token: holder.token,
      body: { reservationId: heldHold.body.reservationId, shippingAddress: ADDRESS },
    });
    expect(fromHold.status).toBe(409);
    expect(['HOLD_EXPIRED', 'PRODUCT_NOT_AVAILABLE']).toContain(fromHold.body.error.code);
    const direct = await engine.http('POST', '/api/orders', {
      token: holder.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(direct.status).toBe(409);
    expect(direct.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');
    const showcaseAgain = await engine.http('POST', `/api/streams/${stream.id}/showcase`, {
      token: kol.token,
      body: { productId: product.id },
    });
    expect(showcaseAgain.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');
    const groupOffer = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, groupPriceCents: 5000, groupSize: 2, windowMinutes: 30 },
    });
    expect(groupOffer.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');
    const newSale = await engine.http('POST', '/api/flash-sales', {
      token: merchant.token,
      body: {
        productId: product.id,
        priceCents: 100,
        quantity: 1,
        perUserLimit: 1,
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    });
    expect(newSale.body.error.code).toBe('PRODUCT_NOT_AVAILABLE');

    // The order paid before the take-down still ships.
    expect((await engine.http('POST', `/api/orders/${paidOrder.body.id}/ship`, { token: merchant.token })).status).toBe(200);

    // The merchant is told why; the report is actioned; the log has the action.
    expect((await notificationsOf(merchant))[0]).toMatchObject({
      kind: 'product_taken_down',
      payload: { productId: product.id, title: 'Designer bag', reason: 'Counterfeit branded goods' },
    });
    const open = await engine.http('GET', '/api/admin/reports?limit=100', { token: admin.token });
    expect(open.body.items.map((c: { targetId: string }) => c.targetId)).not.toContain(product.id);
    const actioned = await engine.http('GET', '/api/admin/reports?status=actioned', { token: admin.token });
    expect(actioned.body.items[0]).toMatchObject({
      targetId: product.id,
      status: 'actioned',
      reportCount: 1,
      resolutionNote: 'Counterfeit branded goods',
      target: { status: 'taken_down' },
    });
    const log = await engine.http('GET', '/api/admin/moderation-log', { token: admin.token });
    expect(log.body.items[0]).toMatchObject({
      action: 'take_down',
      targetType: 'product',
      targetId: product.id,
      targetTitle: 'Designer bag',
      reason: 'Counterfeit branded goods',
      adminId: admin.user.id,
    });
  });

  it('hides a taken-down product: its page answers 404 to everyone but its merchant and admins', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Replica sneakers' });
    await takeDown(product.id, { reason: 'Replica of a protected design' });

    const viewer = await make.user();
    for (const token of [undefined, viewer.token, (await make.user(['merchant'])).token]) {
      const answer = await engine.http('GET', `/api/products/${product.id}`, token ? { token } : {});
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    for (const token of [merchant.token, admin.token]) {
      const answer = await engine.http('GET', `/api/products/${product.id}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        status: 'taken_down',
        moderation: { reason: 'Replica of a protected design' },
        rating: { count: 0 },
      });
    }
    const listed = await engine.http('GET', `/api/products?merchantId=${merchant.user.id}`);
    expect(listed.body.items).toEqual([]);
    const own = await engine.http('GET', '/api/merchants/me/products', { token: merchant.token });
    expect(own.body.items).toEqual([
      expect.objectContaining({
        id: product.id,
        status: 'taken_down',
        moderation: { reason: 'Replica of a protected design', at: expect.any(String) },
      }),
    ]);

    // The merchant cannot edit it, whatever the field.
    for (const body of [{ title: 'Genuine sneakers' }, { status: 'active' }, { status: 'archived' }]) {
      const edit = await engine.http('PATCH', `/api/products/${product.id}`, { token: merchant.token, body });
      expect(edit.status, JSON.stringify(body)).toBe(409);
      expect(edit.body.error.code).toBe('PRODUCT_TAKEN_DOWN');
    }
    expect((await engine.http('GET', `/api/products/${product.id}`, { token: merchant.token })).body.title).toBe('Replica sneakers');
  });

  it('restores a taken-down product: on sale again, the merchant told, its cancelled sales left cancelled', async () => {
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Ceramic vase', stock: 20 });
    const sale = await make.flashSale(merchant.token, {
      productId: product.id,
      quantity: 5,
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    await takeDown(product.id, { reason: 'Looked like a weapon' });
    expect((await engine.http('GET', `/api/products/${product.id}`, { token: merchant.token })).body.stock).toBe(20);

    const restored = await restore(product.id);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: product.id, status: 'active', moderation: null });
    const page = await engine.http('GET', `/api/products/${product.id}`);
    expect(page).toMatchObject({ status: 200, body: { status: 'active', moderation: null } });
    expect((await engine.http('GET', `/api/products?merchantId=${merchant.user.id}`)).body.items).toHaveLength(1);
    expect((await getSale(sale.id)).status).toBe('cancelled');
    expect((await engine.http('PATCH', `/api/products/${product.id}`, { token: merchant.token, body: { stock: 25 } })).status).toBe(200);
    expect((await notificationsOf(merchant))[0]).toMatchObject({
      kind: 'product_restored',
      payload: { productId: product.id, title: 'Ceramic vase' },
    });
    const log = await engine.http('GET', '/api/admin/moderation-log?limit=2', { token: admin.token });
    expect(log.body.items.map((e: { action: string; targetId: string }) => [e.action, e.targetId])).toEqual([
      ['restore', product.id],
      ['take_down', product.id],
    ]);
    expect(log.body.items[0].reason).toBeNull();
    expect(log.body.nextCursor).toEqual(expect.any(String));

    const again = await restore(product.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_TAKEN_DOWN');
  });

  it('answers 409 ALREADY_TAKEN_DOWN, 404 for an unknown product, 400 for a bad reason and 403 to non-admins', async () => {
    const merchant = await make.user(['merchant', 'kol']);
    const product = await make.product(merchant.token);
    expect((await takeDown(product.id)).status).toBe(200);
    const twice = await takeDown(product.id, { reason: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_TAKEN_DOWN');

    for (const answer of [await takeDown('no-such-product'), await restore('no-such-product')]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    const fresh = await make.product(merchant.token);
    for (const body of [{ reason: 'no' }, { reason: '   ab   ' }, { reason: 'x'.repeat(501) }, {}]) {
      const answer = await takeDown(fresh.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const answer of [await takeDown(fresh.id, undefined, merchant.token), await restore(product.id, merchant.token)]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
    }
    expect((await engine.http('POST', `/api/admin/products/${fresh.id}/take-down`, { body: { reason: 'Signed out' } })).status).toBe(401);
    expect((await engine.http('GET', `/api/products/${fresh.id}`)).body.status).toBe('active');
    const notRestorable = await restore(fresh.id);
    expect(notRestorable.status).toBe(409);
    expect(notRestorable.body.error.code).toBe('NOT_TAKEN_DOWN');
  });
});
