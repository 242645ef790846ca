import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, users } from '../../db/schema/index.ts';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const PASSWORD = 'correct horse battery';
const BUYER_ADDRESS = { ...ADDRESS, name: 'Han Meimei', phone: '+86 138 0000 0000', line2: 'Flat 1201' };

describe('my data: export and account deletion', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: MadeUser;
  let kol: MadeUser;
  let productId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    merchant = await make.user(['merchant']);
    kol = await make.user(['kol']);
    productId = (await make.product(merchant.token)).id;
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** A paid order of `buyer` for the product, shipped to `address`. */
  const paidOrder = async (buyer: MadeUser, address: Record<string, string> = BUYER_ADDRESS) => {
    const placed = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: address },
    });
    expect(placed.status).toBe(201);
    await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${placed.body.id}`, { token: buyer.token })).body.status,
      (status) => status === 'paid',
    );
    return placed.body.id as string;
  };

  it("exports the caller's profile, orders with addresses, reviews, follows and share links, and nobody else's", async () => {
    const buyer = await make.user();
    const other = await make.user();
    const orderId = await paidOrder(buyer);
    const othersOrderId = await paidOrder(other, { ...ADDRESS, name: 'Someone Else' });
    expect(
      (await engine.http('POST', `/api/orders/${orderId}/review`, { token: buyer.token, body: { rating: 5, text: 'Lovely silk' } })).status,
    ).toBe(201);
    expect((await engine.http('POST', `/api/kols/${kol.user.id}/follow`, { token: buyer.token })).status).toBe(200);
    const link = await engine.http('POST', '/api/share-links', { token: buyer.token, body: { productId } });
    expect(link.status).toBe(201);

    const response = await fetch(`${engine.url}/api/me/export`, { headers: { authorization: `Bearer ${buyer.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="streamcart-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    const data = JSON.parse(text);
    expect(data.userId).toBe(buyer.user.id);
    expect(data.profile).toMatchObject({ id: buyer.user.id, email: buyer.user.email });
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]).toMatchObject({
      id: orderId,
      status: 'paid',
      shippingAddress: BUYER_ADDRESS,
      items: [{ productId, quantity: 1 }],
    });
    expect(data.reviews).toEqual([expect.objectContaining({ orderId, rating: 5, text: 'Lovely silk' })]);
    expect(data.follows).toEqual([{ kolId: kol.user.id }]);
    expect(data.shareLinks).toEqual([expect.objectContaining({ code: link.body.code })]);
    for (const section of ['comments', 'fanGroups', 'notifications', 'payouts', 'coupons', 'bids', 'addresses']) {
      expect(Array.isArray(data[section]), section).toBe(true);
    }
    expect(data.earnings).toMatchObject({ pendingCents: 0, settledCents: 0 });
    // Nothing of the other buyer, nor the merchant's email.
    expect(text).not.toContain(other.user.email);
    expect(text).not.toContain(othersOrderId);
    expect(text).not.toContain('Someone Else');
    expect(text).not.toContain(merchant.user.email);

    expect((await engine.http('GET', '/api/me/export')).status).toBe(401);
  });

  it('refuses with 409 ACCOUNT_HAS_OPEN_OBLIGATIONS while orders wait to ship, and says what to do', async () => {
    const buyer = await make.user();
    const orderId = await paidOrder(buyer);

    const asMerchant = await engine.http('DELETE', '/api/me', { token: merchant.token });
    expect(asMerchant.status).toBe(409);
    expect(asMerchant.body.error.code).toBe('ACCOUNT_HAS_OPEN_OBLIGATIONS');
    const toShip = asMerchant.body.error.details.obligations.find((o: { kind: string }) => o.kind === 'orders_to_ship');
    expect(toShip.ids).toContain(orderId);
    expect(toShip.action).toMatch(/Ship or refund/);

    const asBuyer = await engine.http('DELETE', '/api/me', { token: buyer.token });
    expect(asBuyer.status).toBe(409);
    expect(asBuyer.body.error.details.obligations).toEqual([
      { kind: 'orders_in_progress', ids: [orderId], action: expect.stringMatching(/cancel/) },
    ]);
    // Nothing was erased.
    expect((await engine.http('GET', '/api/me', { token: buyer.token })).body.email).toBe(buyer.user.email);
  });

  it('erases email, name and addresses, keeps the orders, and answers 401 to the old token at once', async () => {
    const buyer = await make.user();
    const orderId = await paidOrder(buyer);
    expect((await engine.http('POST', `/api/orders/${orderId}/ship`, { token: merchant.token, body: {} })).status).toBe(200);
    const saved = await engine.http('POST', '/api/me/addresses', { token: buyer.token, body: BUYER_ADDRESS });
    expect(saved.status).toBe(201);

    const deleted = await engine.http('DELETE', '/api/me', { token: buyer.token });
    expect(deleted.status).toBe(204);

    expect((await engine.http('GET', '/api/me', { token: buyer.token })).status).toBe(401);
    expect((await engine.http('GET', '/api/me/export', { token: buyer.token })).status).toBe(401);
    const login = await engine.http('POST', '/api/auth/login', { body: { email: buyer.user.email, password: PASSWORD } });
    expect(login.status).toBe(401);

    const { db } = engine.infra.database;
    const [row] = await db.select().from(users).where(eq(users.id, buyer.user.id));
    expect(row?.email).not.toContain(buyer.user.email.split('@')[0]);
    expect(row?.displayName).toBe('Deleted account');
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order?.status).toBe('shipped');
    expect(order?.totalCents).toBeGreaterThan(0);
    expect(JSON.stringify(order?.shippingAddress)).not.toMatch(/Han Meimei|Century|138 0000/);
    expect(JSON.stringify(await engine.services.addressBook.list(buyer.user.id))).toBe('[]');

    // The merchant still has the order for the books, without the buyer's name.
    const list = await engine.http('GET', '/api/merchants/me/orders', { token: merchant.token });
    const kept = list.body.items.find((o: { id: string }) => o.id === orderId);
    expect(kept).toMatchObject({ status: 'shipped', buyerDisplayName: 'Deleted account' });
  });

  it("shows the merchant a buyer's address only on orders to ship, never on unpaid or cancelled ones", async () => {
    const buyer = await make.user();
    const pending = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: BUYER_ADDRESS },
    });
    const paidId = await paidOrder(buyer);
    const cancelled = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: BUYER_ADDRESS },
    });
    expect((await engine.http('POST', `/api/orders/${cancelled.body.id}/cancel`, { token: buyer.token })).status).toBe(200);

    const list = await engine.http('GET', '/api/merchants/me/orders?limit=100', { token: merchant.token });
    const addressOf = (id: string) => list.body.items.find((o: { id: string }) => o.id === id)?.shippingAddress;
    expect(addressOf(pending.body.id)).toBeNull();
    expect(addressOf(cancelled.body.id)).toBeNull();
    expect(addressOf(paidId)).toEqual(BUYER_ADDRESS);

    expect((await engine.http('GET', `/api/orders/${pending.body.id}`, { token: merchant.token })).body.shippingAddress).toBeNull();
    expect((await engine.http('GET', `/api/orders/${paidId}`, { token: merchant.token })).body.shippingAddress).toEqual(BUYER_ADDRESS);
    // The buyer always sees their own.
    expect((await engine.http('GET', `/api/orders/${pending.body.id}`, { token: buyer.token })).body.shippingAddress).toEqual(
      BUYER_ADDRESS,
    );
  });
});
