import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flashSaleHolds } from '../../db/schema/index.ts';
import { makeViewers } from './bulk-viewers.ts';
import { factories } from './factories.ts';
import { eventually, startTestEngine, type TestEngine } from './harness.ts';

/**
 * Requests in flight at once. Enough to race every reservation against others on the sale, while
 * 2,000 sockets opened at once by one test could be reset by a loaded machine (seen in CI).
 */
const RACING_REQUESTS = 200;

/** Maps every item through `run`, at most `lanes` at a time, answers in the items' order. */
async function inLanes<T, R>(lanes: number, items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return results;
}

describe('flash-sale reservations under contention', () => {
  let engine: TestEngine;
  let make: ReturnType<typeof factories>;
  let merchant: { token: string };

  beforeAll(async () => {
    engine = await startTestEngine();
    make = factories(engine);
    merchant = await make.user(['merchant']);
  });
  afterAll(async () => {
    await engine?.close();
  });

  async function liveSale(quantity: number, perUserLimit: number) {
    const product = await make.product(merchant.token, { stock: quantity });
    const sale = await make.flashSale(merchant.token, { productId: product.id, quantity, perUserLimit });
    await eventually(
      async () => (await engine.http('GET', `/api/flash-sales/${sale.id}`)).body.status,
      (s) => s === 'live',
    );
    return sale;
  }

  const reserve = (token: string, saleId: string, headers: Record<string, string> = {}) =>
    engine.http('POST', `/api/flash-sales/${saleId}/reservations`, { token, body: { quantity: 1 }, headers });

  it('500 users firing 2,000 reservations at 100 units with a limit of 2 hold exactly 100, nobody above 2', async () => {
    const sale = await liveSale(100, 2);
    const viewers = await makeViewers({ db: engine.infra.database.db, tokens: engine.services.tokens }, 500);
    const attempts = viewers.flatMap((viewer) => Array.from({ length: 4 }, () => viewer));

    const answers = await inLanes(RACING_REQUESTS, attempts, async (viewer) => ({ viewer, answer: await reserve(viewer.token, sale.id) }));

    const held = answers.filter((a) => a.answer.status === 201);
    expect(held.reduce((sum, a) => sum + a.answer.body.quantity, 0)).toBe(100);
    const perUser = new Map<string, number>();
    for (const { viewer } of held) perUser.set(viewer.id, (perUser.get(viewer.id) ?? 0) + 1);
    expect(Math.max(...perUser.values())).toBeLessThanOrEqual(2);
    const refusals = answers.filter((a) => a.answer.status !== 201).map((a) => `${a.answer.status} ${a.answer.body.error.code}`);
    expect(refusals).toHaveLength(1900);
    expect(new Set(refusals)).toEqual(new Set(['409 SOLD_OUT', '429 PURCHASE_LIMIT_REACHED']));

    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body).toMatchObject({ remaining: 0, held: 100, sold: 0 });
    // The journal worker records every hold in PostgreSQL shortly after.
    const rows = await eventually(
      () => engine.infra.database.db.select().from(flashSaleHolds).where(eq(flashSaleHolds.saleId, sale.id)),
      (r) => r.length === 100,
    );
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(held.map((a) => a.answer.body.reservationId)));
    expect(rows.every((r) => r.status === 'held')).toBe(true);
  });

  it('answers the same Idempotency-Key from the same user with the same hold, made once, even when sent at once', async () => {
    const sale = await liveSale(10, 5);
    const [buyer, other] = await makeViewers({ db: engine.infra.database.db, tokens: engine.services.tokens }, 2);
    if (!buyer || !other) throw new Error('no viewers');

    const answers = await Promise.all(Array.from({ length: 20 }, () => reserve(buyer.token, sale.id, { 'idempotency-key': 'buy-tap-1' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.reservationId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.expiresAt)).size).toBe(1);

    // The key belongs to its user: another buyer with the same key gets a hold of its own.
    const others = await reserve(other.token, sale.id, { 'idempotency-key': 'buy-tap-1' });
    expect(others.status).toBe(201);
    expect(others.body.reservationId).not.toBe(answers[0]?.body.reservationId);
    expect((await engine.http('GET', `/api/flash-sales/${sale.id}`)).body).toMatchObject({ remaining: 8, held: 2 });
  });
});
