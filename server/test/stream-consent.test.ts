import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments, flashSales } from '../../db/schema/index.ts';
import { ADDRESS, factories, type MadeUser } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';
import { request } from './live-client.ts';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
/** A sale window opening in `ms` and lasting an hour. */
const opensIn = (ms: number) => ({ startsAt: inMs(ms), endsAt: inMs(ms + 3600_000) });

/** A sale aimed at a stream shows there only with its KOL's consent (ADR 0012). */
describe("sales aimed at a stream need its KOL's consent", () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: MadeUser;
  let kol: MadeUser;
  let otherKol: MadeUser;

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    [merchant, kol, otherKol] = await Promise.all([make.user(['merchant']), make.user(['kol']), make.user(['kol'])]);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const decide = (token: string, saleId: string, decision: string) =>
    engine.http('POST', `/api/flash-sales/${saleId}/stream-approval`, { token, body: { decision } });
  const activeSaleOf = async (streamId: string) => (await engine.http('GET', `/api/streams/${streamId}`)).body.activeFlashSale;
  async function snapshotSaleOf(streamId: string) {
    const socket = await engine.connect();
    const joined = await request(socket, 'stream:join', { streamId });
    expect(joined.ok).toBe(true);
    socket.disconnect();
    return joined.snapshot.flashSale;
  }
  /** A merchant's sale pushed into `kol`'s live stream, whose showcase does not hold the product. */
  async function pushedSale(startsInMs = 3600_000) {
    const product = await make.product(merchant.token);
    const stream = await make.liveStream(kol.token, []);
    const sale = await make.flashSale(merchant.token, { productId: product.id, streamId: stream.id, ...opensIn(startsInMs) });
    return { product, stream, sale };
  }

  it('makes a merchant sale pushed into a stream that does not showcase the product a proposal, hidden from the stream', async () => {
    const { stream, sale } = await pushedSale();
    expect(sale).toMatchObject({ status: 'scheduled', streamApproval: 'proposed' });
    expect(await activeSaleOf(stream.id)).toBeNull();
    expect(await snapshotSaleOf(stream.id)).toBeNull();
    const proposals = await engine.http('GET', `/api/streams/${stream.id}/sale-proposals`, { token: kol.token });
    expect(proposals.status).toBe(200);
    expect(proposals.body.items).toEqual([
      expect.objectContaining({
        kind: 'flash-sale',
        id: sale.id,
        streamApproval: 'proposed',
        isRemovable: false,
        productTitle: 'Silk scarf',
      }),
    ]);
  });

  it('shows the sale in the stream (page and join snapshot) once the KOL accepts it', async () => {
    const { stream, sale } = await pushedSale();
    const accepted = await decide(kol.token, sale.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.streamApproval).toBe('accepted');
    expect((await activeSaleOf(stream.id))?.id).toBe(sale.id);
    expect((await snapshotSaleOf(stream.id))?.id).toBe(sale.id);
  });

  it('never shows a declined proposal, and a declined one cannot be accepted afterwards', async () => {
    const { stream, sale } = await pushedSale();
    expect((await decide(kol.token, sale.id, 'decline')).body.streamApproval).toBe('declined');
    const late = await decide(kol.token, sale.id, 'accept');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STREAM_APPROVAL');
    expect(await activeSaleOf(stream.id)).toBeNull();
    expect(await snapshotSaleOf(stream.id)).toBeNull();
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.streamApproval).toBe('declined');
  });

  it('accepts a sale of a showcased product at once, and lets the KOL take it out before it opens', async () => {
    const product = await make.product(merchant.token);
    const stream = await make.liveStream(kol.token, [product.id]);
    const sale = await make.flashSale(merchant.token, { productId: product.id, streamId: stream.id, ...opensIn(3600_000) });
    expect(sale).toMatchObject({ status: 'scheduled', streamApproval: 'accepted' });
    expect((await activeSaleOf(stream.id))?.id).toBe(sale.id);
    const listed = (await engine.http('GET', `/api/streams/${stream.id}/sale-proposals`, { token: kol.token })).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: sale.id, streamApproval: 'accepted', isRemovable: true })]);

    expect((await decide(kol.token, sale.id, 'remove')).body.streamApproval).toBe('removed');
    expect(await activeSaleOf(stream.id)).toBeNull();
    expect(await snapshotSaleOf(stream.id)).toBeNull();
  });

  it('cannot take a sale out of the stream once it has opened', async () => {
    const product = await make.product(merchant.token);
    const stream = await make.liveStream(kol.token, [product.id]);
    const sale = await make.flashSale(merchant.token, { productId: product.id, streamId: stream.id });
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status,
      (s) => s === 'live',
    );
    expect((await decide(kol.token, sale.id, 'remove')).status).toBe(409);
    expect((await activeSaleOf(stream.id))?.id).toBe(sale.id);
  });

  it("lets no one but the stream's KOL see or decide its proposals", async () => {
    const { stream, sale } = await pushedSale();
    expect((await decide(otherKol.token, sale.id, 'accept')).status).toBe(403);
    expect((await decide(merchant.token, sale.id, 'accept')).status).toBe(403);
    expect((await engine.http('POST', `/api/flash-sales/${sale.id}/stream-approval`, { body: { decision: 'accept' } })).status).toBe(401);
    expect((await engine.http('GET', `/api/streams/${stream.id}/sale-proposals`, { token: otherKol.token })).status).toBe(403);
    expect((await decide(kol.token, sale.id, 'sell-it-anyway')).status).toBe(400);
    expect((await decide(kol.token, '00000000-0000-4000-8000-000000000000', 'accept')).status).toBe(404);
    expect(await activeSaleOf(stream.id)).toBeNull();
    const [row] = await engine.infra.database.db.select().from(flashSales).where(eq(flashSales.id, sale.id));
    expect(row?.streamApproval).toBe('proposed');
  });

  it('accepts at once a sale the KOL starts in their own stream (a merchant who is also the KOL)', async () => {
    const both = await make.user(['merchant', 'kol']);
    const product = await make.product(both.token);
    const stream = await make.liveStream(both.token, []);
    const sale = await make.flashSale(both.token, { productId: product.id, streamId: stream.id, ...opensIn(3600_000) });
    expect(sale).toMatchObject({ streamApproval: 'accepted' });
    expect((await activeSaleOf(stream.id))?.id).toBe(sale.id);
  });

  it('asks again when the merchant moves an accepted sale to another stream', async () => {
    const product = await make.product(merchant.token);
    const first = await make.liveStream(kol.token, [product.id]);
    const second = await make.liveStream(otherKol.token, []);
    const sale = await make.flashSale(merchant.token, { productId: product.id, streamId: first.id, ...opensIn(3600_000) });
    const moved = await engine.http('PATCH', `/api/flash-sales/${sale.id}`, { token: merchant.token, body: { streamId: second.id } });
    expect(moved.body).toMatchObject({ streamId: second.id, streamApproval: 'proposed' });
    expect(await activeSaleOf(second.id)).toBeNull();
  });

  it('settles a race between accepting and opening one way or the other, never half', async () => {
    for (const startsInMs of [400, 700, 1000]) {
      const { stream, sale } = await pushedSale(startsInMs);
      await new Promise((r) => setTimeout(r, startsInMs - 50));
      const answer = await decide(kol.token, sale.id, 'accept');
      expect([200, 409]).toContain(answer.status);
      await eventually(
        async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status,
        (s) => s === 'live',
      );
      const shown = await activeSaleOf(stream.id);
      const approval = (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.streamApproval;
      if (answer.status === 200) {
        expect(approval).toBe('accepted');
        expect(shown?.id).toBe(sale.id);
      } else {
        expect(approval).toBe('proposed');
        expect(shown).toBeNull();
      }
    }
  });

  it('earns the KOL nothing on an order from a proposal they never accepted, and earns on an accepted one', async () => {
    const buyer = await make.user();
    const order = async (saleId: string) => {
      const hold = await engine.http('POST', `/api/flash-sales/${saleId}/reservations`, { token: buyer.token, body: { quantity: 1 } });
      expect(hold.status).toBe(201);
      return engine.http('POST', '/api/orders', {
        token: buyer.token,
        body: { reservationId: hold.body.reservationId, shippingAddress: ADDRESS },
      });
    };
    const proposal = await pushedSale(0);
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${proposal.sale.id}`)).body.status,
      (s) => s === 'live',
    );
    const fromProposal = await order(proposal.sale.id);
    expect(fromProposal.status).toBe(201);
    const viewed = await engine.http('GET', `/api/orders/${fromProposal.body.id}`, { token: buyer.token });
    expect(viewed.body.streamId).toBeNull();

    const product = await make.product(merchant.token);
    const stream = await make.liveStream(kol.token, [product.id]);
    const accepted = await make.flashSale(merchant.token, { productId: product.id, streamId: stream.id });
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${accepted.id}`)).body.status,
      (s) => s === 'live',
    );
    const fromAccepted = await order(accepted.id);
    expect((await engine.http('GET', `/api/orders/${fromAccepted.body.id}`, { token: buyer.token })).body.streamId).toBe(stream.id);
    const facts = await engine.services.orders.getSettlementFacts(fromAccepted.body.id);
    expect(facts.kolId).toBe(kol.user.id);
    expect((await engine.services.orders.getSettlementFacts(fromProposal.body.id)).kolId).toBeNull();
  });

  it('hides a group offer pushed into a stream until its KOL accepts it', async () => {
    const product = await make.product(merchant.token, { priceCents: 10_000 });
    const stream = await make.liveStream(kol.token, []);
    const created = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, streamId: stream.id, groupPriceCents: 7000, groupSize: 2, windowMinutes: 60 },
    });
    expect(created.status).toBe(201);
    expect(created.body.streamApproval).toBe('proposed');
    const listed = async () =>
      (await engine.http('GET', `/api/group-offers?streamId=${stream.id}`)).body.items.map((o: { id: string }) => o.id);
    expect(await listed()).toEqual([]);
    const decideOffer = (token: string, decision: string) =>
      engine.http('POST', `/api/group-offers/${created.body.id}/stream-approval`, { token, body: { decision } });
    expect((await decideOffer(otherKol.token, 'accept')).status).toBe(403);
    expect(await listed()).toEqual([]);
    expect((await decideOffer(kol.token, 'accept')).body.streamApproval).toBe('accepted');
    expect(await listed()).toEqual([created.body.id]);
    expect((await decideOffer(kol.token, 'remove')).body.streamApproval).toBe('removed');
    expect(await listed()).toEqual([]);
  });

  it('lists scheduled and live streams for the merchant console, saying which accept their sales at once', async () => {
    const seller = await make.user(['merchant']);
    const product = await make.product(seller.token);
    const showcasing = await make.liveStream(kol.token, [product.id]);
    const other = await make.stream(otherKol.token, { title: 'Sneaker drop' });
    const ended = await make.liveStream(kol.token, []);
    await engine.http('POST', `/api/streams/${ended.id}/end`, { token: kol.token });
    const listed = await engine.http('GET', '/api/merchants/me/streams', { token: seller.token });
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.items.map((s: { id: string }) => [s.id, s]));
    expect(byId.get(showcasing.id)).toMatchObject({ status: 'live', kolId: kol.user.id, accepts: true });
    expect(byId.get(other.id)).toMatchObject({ status: 'scheduled', title: 'Sneaker drop', accepts: false });
    expect(byId.get(other.id)).toHaveProperty('kolDisplayName');
    expect(byId.has(ended.id)).toBe(false);
    expect((await engine.http('GET', '/api/merchants/me/streams', { token: kol.token })).status).toBe(403);
  });
});

describe("a KOL cannot remove another stream's comment", () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it("answers 404 and leaves the comment as it was (still reportable) when the comment is another stream's", async () => {
    const make = factories(engine);
    const [kol, otherKol, viewer] = await Promise.all([make.user(['kol']), make.user(['kol']), make.user()]);
    const stream = await make.liveStream(kol.token, []);
    const otherStream = await make.liveStream(otherKol.token, []);
    const socket = await engine.connect(viewer.token);
    expect((await request(socket, 'stream:join', { streamId: stream.id })).ok).toBe(true);
    const sent = await request(socket, 'comment:send', { streamId: stream.id, text: 'Lovely scarf' });
    expect(sent.ok).toBe(true);
    const commentId = sent.comment.id as string;
    await eventually(
      () => engine.infra.database.db.select().from(comments).where(eq(comments.id, commentId)),
      (rows) => rows.length === 1,
    );

    const removed = await engine.http('DELETE', `/api/streams/${otherStream.id}/comments/${commentId}`, { token: otherKol.token });
    expect(removed.status).toBe(404);
    const [row] = await engine.infra.database.db.select().from(comments).where(eq(comments.id, commentId));
    expect(row?.isDeleted).toBe(false);
    const reporter = await make.user();
    const report = await engine.http('POST', '/api/reports', {
      token: reporter.token,
      body: { targetType: 'comment', targetId: commentId, reason: 'offensive' },
    });
    expect(report.status).toBe(201);

    expect((await engine.http('DELETE', `/api/streams/${stream.id}/comments/${commentId}`, { token: kol.token })).status).toBe(204);
  });
});
