import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries, orders } from '../../db/schema/index.ts';
import { startTestEngine, type TestEngine } from './harness.ts';
import { seedPaidOrders } from './seed-paid-orders.ts';

describe('settling orders in one batch', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('gives paid, completed, unpaid, refunded, unknown and already settled orders each their own outcome in one call', async () => {
    const { db } = engine.infra.database;
    const { orderIds } = await seedPaidOrders(db, 6);
    const [paid, completed, unpaid, refunded, settledBefore, paidToo] = orderIds as [string, string, string, string, string, string];
    await db.update(orders).set({ status: 'completed' }).where(eq(orders.id, completed));
    await db.update(orders).set({ status: 'pending_payment' }).where(eq(orders.id, unpaid));
    await db.update(orders).set({ status: 'refunded' }).where(eq(orders.id, refunded));
    expect(await engine.services.ledger.settleOrder(settledBefore)).toBe('settled');
    const unknown = randomUUID();

    const outcomes = await engine.services.ledger.settleOrders([paid, completed, unpaid, refunded, settledBefore, unknown, paidToo, paid]);
    expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o instanceof Error ? o.message : o]))).toEqual({
      [paid]: 'settled',
      [completed]: 'settled',
      [unpaid]: 'not-paid',
      [refunded]: 'refunded',
      [settledBefore]: 'already-settled',
      [unknown]: 'Order not found',
      [paidToo]: 'settled',
    });

    const entries = await db
      .select()
      .from(ledgerEntries)
      .where(inArray(ledgerEntries.orderId, [paid, completed, paidToo]));
    expect(new Set(entries.filter((e) => e.orderId === completed).map((e) => e.status))).toEqual(new Set(['settled']));
    expect(new Set(entries.filter((e) => e.orderId !== completed).map((e) => e.status))).toEqual(new Set(['pending']));
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });
  });

  it('settles the same orders once when two batches race for them', async () => {
    const { orderIds } = await seedPaidOrders(engine.infra.database.db, 50);
    const ledger = engine.services.ledger;
    const [first, second] = await Promise.all([ledger.settleOrders(orderIds), ledger.settleOrders([...orderIds].reverse())]);
    for (const id of orderIds) expect([first.get(id), second.get(id)].sort()).toEqual(['already-settled', 'settled']);
  });
});
