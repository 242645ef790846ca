import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransactions } from '../../db/schema/index.ts';
import { ADDRESS, factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

describe("the merchant's settlement statement", () => {
  let engine: TestEngine;
  let merchantToken: string;
  const ids: Record<'completed' | 'paid' | 'refunded', string> = { completed: '', paid: '', refunded: '' };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { PLATFORM_FEE_BPS: '1000', REFERRAL_SHARE_BPS: '5000' } });
    const make = factories(engine);
    const [merchant, otherMerchant, kol, sharer, buyer] = await Promise.all([
      make.user(['merchant']),
      make.user(['merchant']),
      make.user(['kol']),
      make.user(['viewer']),
      make.user(['viewer']),
    ]);
    merchantToken = merchant.token;
    const product = await make.product(merchant.token, { priceCents: 10000, kolCommissionBps: 2000 });
    // Live and offering the product, so its KOL earns on it (ADR 0012).
    const stream = await make.liveStream(kol.token, [product.id]);
    const referralCode = (await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId: stream.id } })).body.code;
    const otherProduct = await make.product(otherMerchant.token, { priceCents: 777 });

    const buy = async (productId: string, extra: Record<string, unknown> = {}) => {
      const order = await engine.http('POST', '/api/orders', {
        token: buyer.token,
        body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, ...extra },
      });
      await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
        token: buyer.token,
        body: { outcome: 'succeeded' },
      });
      await eventually(
        () => engine.infra.database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.orderId, order.body.id)),
        (rows) => rows.length === 1,
      );
      return order.body.id as string;
    };
    ids.completed = await buy(product.id, { streamId: stream.id, referralCode });
    for (const step of ['ship', 'deliver']) await engine.http('POST', `/api/orders/${ids.completed}/${step}`, { token: merchant.token });
    await engine.http('POST', `/api/orders/${ids.completed}/complete`, { token: buyer.token });
    ids.paid = await buy(product.id, { streamId: stream.id });
    ids.refunded = await buy(product.id);
    await engine.http('POST', `/api/orders/${ids.refunded}/refund`, { token: merchant.token });
    await buy(otherProduct.id);
    await eventually(
      async () => (await engine.http('GET', '/api/merchants/me/settlement', { token: merchant.token })).body.items,
      (items) => items.find((i: { orderId: string }) => i.orderId === ids.completed)?.status === 'settled',
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('lists gross, platform fee, commissions and net per order, newest first, with totals that net out refunds', async () => {
    const { status, body } = await engine.http('GET', '/api/merchants/me/settlement', { token: merchantToken });
    expect(status).toBe(200);
    expect(body.items.map((i: { orderId: string }) => i.orderId)).toEqual([ids.refunded, ids.paid, ids.completed]);
    const [refunded, paid, completed] = body.items;
    // 10% fee (half of it to the sharer), 20% KOL commission.
    expect(completed).toMatchObject({
      status: 'settled',
      currency: 'CNY',
      grossCents: 10000,
      platformFeeCents: 1000,
      referralCommissionCents: 500,
      commissionsCents: 2000,
      netCents: 7000,
      refundedAt: null,
    });
    expect(paid).toMatchObject({ status: 'pending', grossCents: 10000, platformFeeCents: 1000, commissionsCents: 2000, netCents: 7000 });
    expect(refunded).toMatchObject({ status: 'refunded', grossCents: 10000, platformFeeCents: 1000, commissionsCents: 0, netCents: 9000 });
    expect(Date.parse(refunded.refundedAt)).toBeGreaterThan(0);
    for (const row of body.items) expect(row.platformFeeCents + row.commissionsCents + row.netCents).toBe(row.grossCents);

    expect(body.totals).toEqual([
      {
        currency: 'CNY',
        grossCents: 20000,
        platformFeeCents: 2000,
        commissionsCents: 4000,
        netCents: 14000,
        pendingNetCents: 7000,
        settledNetCents: 7000,
      },
    ]);
  });

  it('pages with limit and nextCursor', async () => {
    const first = await engine.http('GET', '/api/merchants/me/settlement?limit=2', { token: merchantToken });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await engine.http('GET', `/api/merchants/me/settlement?limit=2&cursor=${first.body.nextCursor}`, {
      token: merchantToken,
    });
    expect(second.body.items.map((i: { orderId: string }) => i.orderId)).toEqual([ids.completed]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('exports the same rows as CSV with ?format=csv', async () => {
    const response = await fetch(`${engine.url}/api/merchants/me/settlement?format=csv`, {
      headers: { authorization: `Bearer ${merchantToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('settlement.csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'order_id,status,currency,gross_cents,platform_fee_cents,commissions_cents,referral_commission_cents,net_cents,recorded_at,refunded_at',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(new RegExp(`^${ids.completed},settled,CNY,10000,1000,2000,500,7000,\\S+Z,$`));
  });

  it('answers 401 without a token and 403 for a user who is not a merchant', async () => {
    expect((await engine.http('GET', '/api/merchants/me/settlement')).status).toBe(401);
    const viewer = await factories(engine).user(['viewer']);
    const denied = await engine.http('GET', '/api/merchants/me/settlement', { token: viewer.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
  });
});
