import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, orders } from '../../db/schema/index.ts';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const GRACE_MS = 30 * 60_000;
const share = (cents: number, bps: number) => Math.floor((cents * bps) / 10_000);

/**
 * Who may earn on an order (ADR 0012): the stream's KOL, on products the stream offered while live
 * (or within the grace window after it ended), never on their own purchase; a sharer, never on their own.
 */
describe('commission eligibility: only what a stream offered while live earns its KOL', () => {
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: MadeUser;
  let kol: MadeUser;
  let buyer: MadeUser;

  beforeAll(async () => {
    engine = await startTestEngine({ clock, env: { COMMISSION_GRACE_AFTER_END_MS: String(GRACE_MS) } });
    make = factories(engine);
    [merchant, kol, buyer] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user()]);
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const db = () => engine.infra.database.db;

  /** Places the order, pays it, and waits for its settlement; answers the order row and its ledger lines. */
  async function paidOrder(who: MadeUser, body: Record<string, unknown>) {
    const placed = await engine.http('POST', '/api/orders', { token: who.token, body: { shippingAddress: ADDRESS, ...body } });
    expect(placed.status).toBe(201);
    const paid = await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, {
      token: who.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    const entries = await eventually(
      () => db().select().from(ledgerEntries).where(eq(ledgerEntries.orderId, placed.body.id)),
      (rows) => rows.length > 0,
    );
    const [row] = await db().select().from(orders).where(eq(orders.id, placed.body.id));
    const cents = (kind: string) => entries.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.amountCents, 0);
    return {
      order: row,
      kolCents: cents('kol_commission'),
      referralCents: cents('referral_commission'),
      merchantCents: cents('merchant_net'),
    };
  }
  const items = (productId: string, quantity = 1) => [{ productId, quantity }];

  it('pays the KOL on a product their live stream showcases', async () => {
    const product = await make.product(merchant.token, { priceCents: 10_000, kolCommissionBps: 1200 });
    const stream = await make.liveStream(kol.token, [product.id]);
    const { order, kolCents } = await paidOrder(buyer, { items: items(product.id, 2), streamId: stream.id });
    expect(order?.kolId).toBe(kol.user.id);
    expect(kolCents).toBe(share(20_000, 1200));
  });

  it('pays a KOL nothing on their own purchase in their own stream (the merchant keeps it)', async () => {
    const product = await make.product(merchant.token, { priceCents: 1000, kolCommissionBps: 9000 });
    const stream = await make.liveStream(kol.token, [product.id]);
    const { order, kolCents, merchantCents } = await paidOrder(kol, { items: items(product.id), streamId: stream.id });
    expect(order?.kolId).toBeNull();
    expect(kolCents).toBe(0);
    expect(merchantCents).toBe(1000 - share(1000, 500));
  });

  it("sells an order naming another KOL's stream that never offered the product, and nobody earns commission on it", async () => {
    const product = await make.product(merchant.token, { priceCents: 5000, kolCommissionBps: 9000 });
    const unrelated = await make.product(merchant.token);
    const otherKol = await make.user(['kol']);
    const stream = await make.liveStream(otherKol.token, [unrelated.id]);
    const { order, kolCents } = await paidOrder(buyer, { items: items(product.id), streamId: stream.id });
    expect(order).toMatchObject({ status: 'paid', streamId: stream.id, kolId: null });
    expect(kolCents).toBe(0);
  });

  it('pays nothing on a stream that never went live, even for a product in its showcase', async () => {
    const product = await make.product(merchant.token, { priceCents: 5000, kolCommissionBps: 2000 });
    const stream = await make.stream(kol.token);
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const { order, kolCents } = await paidOrder(buyer, { items: items(product.id), streamId: stream.id });
    expect(order?.kolId).toBeNull();
    expect(kolCents).toBe(0);
  });

  it('pays only on the offered products of a mixed order (an unoffered 90% product earns nothing)', async () => {
    const offered = await make.product(merchant.token, { priceCents: 1000, kolCommissionBps: 1000 });
    const unoffered = await make.product(merchant.token, { priceCents: 50_000, kolCommissionBps: 9000 });
    const stream = await make.liveStream(kol.token, [offered.id]);
    const { order, kolCents } = await paidOrder(buyer, {
      items: [...items(offered.id), ...items(unoffered.id)],
      streamId: stream.id,
    });
    expect(order?.kolId).toBe(kol.user.id);
    expect(kolCents).toBe(share(1000, 1000));
  });

  it('keeps paying on a product the live stream offered and took out again', async () => {
    const product = await make.product(merchant.token, { priceCents: 4000, kolCommissionBps: 1000 });
    const stream = await make.liveStream(kol.token, [product.id]);
    await engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });
    expect((await engine.http('DELETE', `/api/streams/${stream.id}/showcase/${product.id}`, { token: kol.token })).status).toBe(200);
    const { kolCents } = await paidOrder(buyer, { items: items(product.id), streamId: stream.id });
    expect(kolCents).toBe(share(4000, 1000));
  });

  it('pays within the grace window after the stream ended, and nothing after it', async () => {
    const product = await make.product(merchant.token, { priceCents: 8000, kolCommissionBps: 1000 });
    const stream = await make.liveStream(kol.token, [product.id]);
    expect((await engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token })).status).toBe(200);

    clock.offsetMs = GRACE_MS - 60_000;
    expect((await paidOrder(buyer, { items: items(product.id), streamId: stream.id })).kolCents).toBe(share(8000, 1000));

    clock.offsetMs = GRACE_MS + 60_000;
    const late = await paidOrder(buyer, { items: items(product.id), streamId: stream.id });
    expect(late.order?.kolId).toBeNull();
    expect(late.kolCents).toBe(0);
  });

  it("pays a sharer nothing on their own purchase through their own link, and pays them on someone else's", async () => {
    const product = await make.product(merchant.token, { priceCents: 10_000, kolCommissionBps: 1000 });
    const stream = await make.liveStream(kol.token, [product.id]);
    const sharer = await make.user();
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } });
    expect(link.status).toBe(201);
    const own = await paidOrder(sharer, { items: items(product.id), streamId: stream.id, referralCode: link.body.code });
    expect(own.referralCents).toBe(0);
    const someoneElse = await paidOrder(buyer, { items: items(product.id), streamId: stream.id, referralCode: link.body.code });
    expect(someoneElse.referralCents).toBe(share(share(10_000, 500), 2000));
  });

  it('answers 404 for an order naming an unknown stream, and sells nothing', async () => {
    const product = await make.product(merchant.token, { stock: 3 });
    const placed = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: items(product.id), streamId: '00000000-0000-4000-8000-000000000000', shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(404);
    expect((await engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(3);
  });
});
