import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  ledgerEntries,
  ledgerTransactions,
  orderItems,
  orders,
  payments,
  products,
  shareLinks,
  streams,
  users,
} from '../../db/schema/index.ts';

export interface SeededOrders {
  orderIds: string[];
  merchantId: string;
  kolId: string;
  sharerId: string;
}

const ADDRESS = { name: 'Li Lei', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' };

/**
 * Writes `count` orders already marked paid (with their items and succeeded payments) straight
 * into the database, in bulk, without queueing their settlement: the caller enqueues the jobs.
 * Every third order carries a referral code and every other one a KOL, so all the split's lines occur.
 */
export async function seedPaidOrders(db: Db, count: number): Promise<SeededOrders> {
  const tag = randomBytes(4).toString('hex');
  const user = (role: 'merchant' | 'kol' | 'viewer', name: string) => ({
    id: randomUUID(),
    email: `${name}-${tag}@bench.test`,
    passwordHash: 'not-a-login',
    displayName: name,
    roles: [role],
  });
  const [merchant, kol, sharer, buyer] = [
    user('merchant', 'merchant'),
    user('kol', 'kol'),
    user('viewer', 'sharer'),
    user('viewer', 'buyer'),
  ];
  await db.insert(users).values([merchant, kol, sharer, buyer]);
  const streamId = randomUUID();
  await db.insert(streams).values({ id: streamId, kolId: kol.id, title: 'Seeded stream' });
  const code = `seed${tag}`;
  await db.insert(shareLinks).values({ code, sharerId: sharer.id, streamId });
  const productId = randomUUID();
  await db.insert(products).values({
    id: productId,
    merchantId: merchant.id,
    title: 'Seeded',
    description: '',
    priceCents: 12345,
    stock: 0,
    kolCommissionBps: 1500,
  });

  const orderIds: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const chunk = Array.from({ length: Math.min(1000, count - start) }, (_, j) => {
      const i = start + j;
      const quantity = 1 + (i % 3);
      return {
        order: {
          id: randomUUID(),
          buyerId: buyer.id,
          merchantId: merchant.id,
          streamId: i % 2 === 0 ? streamId : null,
          kolId: i % 2 === 0 ? kol.id : null,
          referralCode: i % 3 === 0 ? code : null,
          status: 'paid' as const,
          currency: 'CNY',
          totalCents: 12345 * quantity,
          shippingAddress: ADDRESS,
        },
        quantity,
      };
    });
    await db.insert(orders).values(chunk.map((c) => c.order));
    await db
      .insert(orderItems)
      .values(chunk.map((c) => ({ orderId: c.order.id, productId, quantity: c.quantity, unitPriceCents: 12345, kolCommissionBps: 1500 })));
    await db.insert(payments).values(
      chunk.map((c) => ({
        orderId: c.order.id,
        provider: 'sandbox',
        amountCents: c.order.totalCents,
        currency: 'CNY',
        status: 'succeeded' as const,
      })),
    );
    orderIds.push(...chunk.map((c) => c.order.id));
  }
  return { orderIds, merchantId: merchant.id, kolId: kol.id, sharerId: sharer.id };
}

/** How many orders have a settlement transaction (cheap enough to poll). */
export async function countSettledOrders(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.kind, 'order_settlement'));
  return Number(row?.n ?? 0);
}

/** How the seeded orders stand on the ledger: settled once each, nothing twice, every transaction at zero. */
export async function settlementCounts(
  db: Db,
): Promise<{ settledOrders: number; duplicateSettlements: number; unbalancedTransactions: number; imbalanceCents: number }> {
  const [settled] = await db
    .select({ orders: sql<string>`count(distinct ${ledgerTransactions.orderId})`, txns: sql<string>`count(*)` })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.kind, 'order_settlement'));
  const [books] = await db
    .select({
      unbalanced: sql<string>`count(*) filter (where s <> 0)`,
      imbalance: sql<string>`coalesce(sum(s), 0)`,
    })
    .from(
      db
        .select({ s: sql<string>`sum(${ledgerEntries.amountCents})`.as('s') })
        .from(ledgerEntries)
        .groupBy(ledgerEntries.transactionId)
        .as('t'),
    );
  return {
    settledOrders: Number(settled?.orders ?? 0),
    duplicateSettlements: Number(settled?.txns ?? 0) - Number(settled?.orders ?? 0),
    unbalancedTransactions: Number(books?.unbalanced ?? 0),
    imbalanceCents: Number(books?.imbalance ?? 0),
  };
}
