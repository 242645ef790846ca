import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, ledgerTransactions, orders } from '../../db/schema/index.ts';
import { ADDRESS, factories, type MadeUser as Made } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

const PLATFORM_FEE_BPS = 500;
const REFERRAL_SHARE_BPS = 2000;
const GROUP_PRICE_CENTS = 7000;
/** The sharer's part of the platform fee on one group order, as the engine is configured here. */
const REFERRAL_CENTS = Math.floor((Math.floor((GROUP_PRICE_CENTS * PLATFORM_FEE_BPS) / 10_000) * REFERRAL_SHARE_BPS) / 10_000);

describe('share links on group-buy orders', () => {
  // The lapsed-group test moves the clock past the deadline; every test starts at real time.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: Made;
  let streamId: string;
  let kolToken: string;

  beforeAll(async () => {
    engine = await startTestEngine({
      clock,
      env: { PLATFORM_FEE_BPS: String(PLATFORM_FEE_BPS), REFERRAL_SHARE_BPS: String(REFERRAL_SHARE_BPS) },
    });
    make = factories(engine);
    merchant = await make.user(['merchant']);
    // Live, showcasing each offer's product: the offers show in it and its KOL earns on them (ADR 0012).
    kolToken = (await make.user(['kol'])).token;
    streamId = (await make.liveStream(kolToken, [])).id;
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const offer = async (groupSize: number) => {
    const product = await make.product(merchant.token, { priceCents: 10000, stock: 10 });
    await engine.http('POST', `/api/streams/${streamId}/showcase`, { token: kolToken, body: { productId: product.id } });
    const created = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, streamId, groupPriceCents: GROUP_PRICE_CENTS, groupSize, windowMinutes: 60 },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  /** A user's share link to the stream, and the cookie a visitor gets by following it. */
  const shareLink = async (sharer: Made) => {
    const link = await engine.http('POST', '/api/share-links', { token: sharer.token, body: { streamId } });
    expect(link.status).toBe(201);
    const click = await fetch(`${engine.url}/s/${link.body.code}`, { redirect: 'manual' });
    const cookie = (click.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe(`sc_ref=${link.body.code}`);
    return { code: link.body.code as string, cookie };
  };
  const enter = async (buyer: Made, path: string, options: { cookie?: string; referralCode?: string } = {}) => {
    const entered = await engine.http('POST', path, {
      token: buyer.token,
      body: { shippingAddress: ADDRESS, ...(options.referralCode ? { referralCode: options.referralCode } : {}) },
      ...(options.cookie ? { headers: { cookie: `theme=dark; ${options.cookie}` } } : {}),
    });
    expect(entered.status).toBe(201);
    return entered.body as { group: { id: string }; order: { id: string; paymentId: string } };
  };
  const pay = async (buyer: Made, paymentId: string) => {
    const paid = await engine.http('POST', `/api/payments/${paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
  };
  const referralsOf = async (user: Made) =>
    (
      (await engine.http('GET', '/api/me/earnings', { token: user.token })).body.entries as {
        orderId: string;
        kind: string;
        amountCents: number;
      }[]
    )
      .filter((e) => e.kind === 'referral_commission')
      .map(({ orderId, amountCents }) => ({ orderId, amountCents }));
  const linkStats = async (user: Made, code: string) =>
    (
      (await engine.http('GET', '/api/me/share-links', { token: user.token })).body.items as {
        code: string;
        orders: number;
        earnedCents: number;
      }[]
    ).find((l) => l.code === code);
  const settlementOf = async (orderId: string) =>
    engine.infra.database.db
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.orderId, orderId), eq(ledgerTransactions.kind, 'order_settlement')));

  it("credits the sharer of a member's link once the group fills: cookie or body code, the body's winning, never the buyer's own", async () => {
    const offerId = await offer(3);
    const [leader, cookieFriend, bodyFriend, sharer, otherSharer] = (await Promise.all(Array.from({ length: 5 }, () => make.user()))) as [
      Made,
      Made,
      Made,
      Made,
      Made,
    ];
    const link = await shareLink(sharer);
    const otherLink = await shareLink(otherSharer);
    const ownLink = await shareLink(leader);

    // The leader quotes their own link; one friend arrived through the sharer's link; the other
    // carries that cookie too but names the other sharer's code in the body.
    const opened = await enter(leader, `/api/group-offers/${offerId}/groups`, { referralCode: ownLink.code });
    const groupId = opened.group.id;
    const joinedByCookie = await enter(cookieFriend, `/api/groups/${groupId}/join`, { cookie: link.cookie });
    const joinedByBody = await enter(bodyFriend, `/api/groups/${groupId}/join`, { cookie: link.cookie, referralCode: otherLink.code });
    expect(await linkStats(sharer, link.code)).toMatchObject({ orders: 1 });
    expect(await linkStats(otherSharer, otherLink.code)).toMatchObject({ orders: 1 });
    expect(await linkStats(leader, ownLink.code)).toMatchObject({ orders: 1 });

    // Paid but held until the group fills: nothing is earned yet.
    await pay(cookieFriend, joinedByCookie.order.paymentId);
    await pay(bodyFriend, joinedByBody.order.paymentId);
    expect(await referralsOf(sharer)).toEqual([]);
    expect(await settlementOf(joinedByCookie.order.id)).toEqual([]);

    await pay(leader, opened.order.paymentId);
    expect((await engine.http('GET', `/api/groups/${groupId}`)).body).toMatchObject({ status: 'succeeded', paid: 3 });
    const credited = await eventually(
      () => referralsOf(sharer),
      (entries) => entries.length > 0,
    );
    expect(credited).toEqual([{ orderId: joinedByCookie.order.id, amountCents: REFERRAL_CENTS }]);
    expect(
      await eventually(
        () => referralsOf(otherSharer),
        (entries) => entries.length > 0,
      ),
    ).toEqual([{ orderId: joinedByBody.order.id, amountCents: REFERRAL_CENTS }]);
    // No self-referral: the leader's order settles without crediting the leader.
    await eventually(
      () => settlementOf(opened.order.id),
      (rows) => rows.length === 1,
    );
    expect(await referralsOf(leader)).toEqual([]);
    expect(await linkStats(leader, ownLink.code)).toMatchObject({ orders: 1, earnedCents: 0 });
    expect(await linkStats(sharer, link.code)).toMatchObject({ orders: 1, earnedCents: REFERRAL_CENTS });
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('credits nobody when the group lapses and its members are refunded', async () => {
    const offerId = await offer(3);
    const [leader, friend, sharer] = (await Promise.all(Array.from({ length: 3 }, () => make.user()))) as [Made, Made, Made];
    const link = await shareLink(sharer);
    const opened = await enter(leader, `/api/group-offers/${offerId}/groups`, { cookie: link.cookie });
    const joined = await enter(friend, `/api/groups/${opened.group.id}/join`, { cookie: link.cookie });
    await pay(leader, opened.order.paymentId);
    await pay(friend, joined.order.paymentId);
    expect(await linkStats(sharer, link.code)).toMatchObject({ orders: 2 });

    clock.offsetMs = 60 * 60_000 + 1000;
    expect(await engine.services.groupBuys.closeAtDeadline(opened.group.id)).toBe('failed');
    expect(await engine.services.groupBuys.closeAtDeadline(opened.group.id)).toBe('failed');

    for (const [buyer, orderId] of [
      [leader, opened.order.id],
      [friend, joined.order.id],
    ] as const) {
      expect((await engine.http('GET', `/api/orders/${orderId}`, { token: buyer.token })).body.status).toBe('refunded');
      // Never settled, so the refund reverses nothing: no commission was ever written.
      const ledger = await engine.infra.database.db
        .select({ kind: ledgerTransactions.kind, entry: ledgerEntries.id })
        .from(ledgerTransactions)
        .leftJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
        .where(eq(ledgerTransactions.orderId, orderId));
      expect(ledger).toEqual([{ kind: 'order_refund', entry: null }]);
    }
    expect(await referralsOf(sharer)).toEqual([]);
    expect(await linkStats(sharer, link.code)).toMatchObject({ orders: 2, earnedCents: 0 });
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('ignores a malformed cookie and refuses a malformed body code with 400', async () => {
    const offerId = await offer(2);
    const [leader] = (await Promise.all([make.user()])) as [Made];
    const opened = await enter(leader, `/api/group-offers/${offerId}/groups`, { cookie: 'sc_ref=%E0%A4%A' });
    const [stored] = await engine.infra.database.db
      .select({ code: orders.referralCode })
      .from(orders)
      .where(eq(orders.id, opened.order.id));
    expect(stored).toEqual({ code: null });
    const refused = await engine.http('POST', `/api/groups/${opened.group.id}/join`, {
      token: (await make.user()).token,
      body: { shippingAddress: ADDRESS, referralCode: 'x'.repeat(65) },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
  });
});
