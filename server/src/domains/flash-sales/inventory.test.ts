import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flashSales as flashSalesTable } from '../../../../db/schema/index.ts';
import { REDIS_URL } from '../../../test/harness.ts';
import { createTestDatabase } from '../../../test/test-db.ts';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { type Infra, openInfra } from '../../infra.ts';
import { createServices, type Services } from '../../services.ts';
import { saleKeys, TRACKED_SALES_KEY } from './keys.ts';

/**
 * Model-based check of a sale's inventory: random sequences of reserve, order, pay, cancel,
 * lapse, journal drain and Redis losing its data run against the real service (Redis Lua,
 * PostgreSQL) and a plain model. After every step `sold + held + remaining == quantity`,
 * nobody is above the per-user limit, and Redis and PostgreSQL agree with the model.
 */

const QUANTITY = 8;
const PER_USER_LIMIT = 3;
const HOLD_TTL_MS = 10_000;
const USERS = 4;

type Status = 'held' | 'ordered' | 'sold' | 'lapsed' | 'released';
interface ModelHold {
  id: string;
  userIndex: number;
  quantity: number;
  status: Status;
  expiresAtMs: number;
  key: string;
}

/** What the sale should be; `durable` is what PostgreSQL holds (what a Redis loss falls back to). */
class Model {
  holds: ModelHold[] = [];
  durable: ModelHold[] = [];

  taken(userIndex?: number): number {
    return this.holds
      .filter((h) => (userIndex === undefined || h.userIndex === userIndex) && ['held', 'ordered', 'sold'].includes(h.status))
      .reduce((sum, h) => sum + h.quantity, 0);
  }
  get remaining(): number {
    return QUANTITY - this.taken();
  }
  get sold(): number {
    return this.holds.filter((h) => h.status === 'sold').reduce((sum, h) => sum + h.quantity, 0);
  }
  /** Everything so far reached PostgreSQL (the service drained the sale's journal). */
  persist(): void {
    this.durable = this.holds.map((h) => ({ ...h }));
  }
  pick(index: number): ModelHold | undefined {
    return this.holds.length === 0 ? undefined : this.holds[index % this.holds.length];
  }
}

interface Real {
  services: Services;
  infra: Infra;
  saleId: string;
  userIds: string[];
  clock: { ms: number };
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

class Reserve implements fc.AsyncCommand<Model, Real> {
  readonly userIndex: number;
  readonly quantity: number;
  readonly key: string;
  constructor(userIndex: number, quantity: number, key: string) {
    this.userIndex = userIndex;
    this.quantity = quantity;
    this.key = key;
  }
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const earlier = this.key ? m.holds.find((h) => h.userIndex === this.userIndex && h.key === this.key) : undefined;
    let reservationId = '';
    const code = await codeOf(async () => {
      const reservation = await r.services.flashSales.reserve(r.userIds[this.userIndex] ?? '', r.saleId, this.quantity, this.key);
      reservationId = reservation.reservationId;
    });
    if (earlier) {
      expect(code).toBe('ok');
      expect(reservationId).toBe(earlier.id);
      return;
    }
    const expected =
      this.quantity > m.remaining ? 'SOLD_OUT' : m.taken(this.userIndex) + this.quantity > PER_USER_LIMIT ? 'PURCHASE_LIMIT_REACHED' : 'ok';
    expect(code).toBe(expected);
    if (code === 'ok') {
      m.holds.push({
        id: reservationId,
        userIndex: this.userIndex,
        quantity: this.quantity,
        status: 'held',
        expiresAtMs: r.clock.ms + HOLD_TTL_MS,
        key: this.key,
      });
    }
  }
  toString = () => `reserve(user ${this.userIndex}, ${this.quantity}${this.key ? `, key ${this.key}` : ''})`;
}

class Order implements fc.AsyncCommand<Model, Real> {
  readonly pick: number;
  constructor(pick: number) {
    this.pick = pick;
  }
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const hold = m.pick(this.pick);
    if (!hold) return;
    const code = await codeOf(async () => {
      const taken = await r.services.flashSales.consumeHold(r.userIds[hold.userIndex] ?? '', hold.id);
      await r.infra.database.db.transaction((tx) => taken.record(tx));
    });
    const isLive = hold.status === 'held' && hold.expiresAtMs > r.clock.ms;
    const expected = isLive
      ? 'ok'
      : hold.status === 'held' || hold.status === 'lapsed' || hold.status === 'released'
        ? 'HOLD_EXPIRED'
        : 'RESERVATION_ALREADY_ORDERED';
    expect(code).toBe(expected);
    if (code === 'ok') {
      hold.status = 'ordered';
      m.persist();
    }
  }
  toString = () => `order(#${this.pick})`;
}

class Pay implements fc.AsyncCommand<Model, Real> {
  readonly pick: number;
  constructor(pick: number) {
    this.pick = pick;
  }
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const hold = m.pick(this.pick);
    if (!hold) return;
    const outcome = await r.services.flashSales.sellHold(hold.id);
    const expected = { ordered: 'sold', sold: 'already-sold', lapsed: 'expired', released: 'expired', held: 'not-ordered' }[hold.status];
    expect(outcome).toBe(expected);
    if (outcome === 'sold') hold.status = 'sold';
    m.persist();
  }
  toString = () => `pay(#${this.pick})`;
}

class Cancel implements fc.AsyncCommand<Model, Real> {
  readonly pick: number;
  readonly isOrderCancelled: boolean;
  constructor(pick: number, isOrderCancelled: boolean) {
    this.pick = pick;
    this.isOrderCancelled = isOrderCancelled;
  }
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const hold = m.pick(this.pick);
    if (!hold) return;
    let isReleased: boolean;
    if (this.isOrderCancelled) {
      const outcome = await r.services.flashSales.releaseOrderedHold(hold.id);
      const expected = { held: 'released', ordered: 'released', sold: 'sold', lapsed: 'already-released', released: 'already-released' }[
        hold.status
      ];
      expect(outcome).toBe(expected);
      isReleased = outcome === 'released';
    } else {
      const code = await codeOf(() => r.services.flashSales.cancelReservation(r.userIds[hold.userIndex] ?? '', r.saleId, hold.id));
      const expected = {
        held: 'ok',
        ordered: 'RESERVATION_ALREADY_ORDERED',
        sold: 'HOLD_ALREADY_SOLD',
        lapsed: 'HOLD_EXPIRED',
        released: 'HOLD_EXPIRED',
      }[hold.status];
      expect(code).toBe(expected);
      isReleased = code === 'ok';
    }
    if (isReleased) {
      hold.status = 'released';
      m.persist();
    }
  }
  toString = () => `${this.isOrderCancelled ? 'cancelOrder' : 'cancelHold'}(#${this.pick})`;
}

class Lapse implements fc.AsyncCommand<Model, Real> {
  readonly advanceMs: number;
  constructor(advanceMs: number) {
    this.advanceMs = advanceMs;
  }
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    r.clock.ms += this.advanceMs;
    const lapsed = await r.services.flashSales.sweepExpiredHolds();
    const due = m.holds.filter((h) => h.status === 'held' && h.expiresAtMs <= r.clock.ms);
    // Earlier runs' sales are swept too.
    expect(lapsed).toBeGreaterThanOrEqual(due.length);
    for (const hold of due) hold.status = 'lapsed';
  }
  toString = () => `lapse(+${this.advanceMs} ms)`;
}

class Drain implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    await r.services.flashSales.drainJournal(r.saleId);
    m.persist();
  }
  toString = () => 'drainJournal()';
}

/** Redis comes back empty: the sale is rebuilt from PostgreSQL, and what was not there yet is gone. */
class RedisLoss implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    await r.infra.redis.del(...Object.values(saleKeys(r.saleId)));
    await r.infra.redis.srem(TRACKED_SALES_KEY, r.saleId);
    await r.services.flashSales.reconcile();
    m.holds = m.durable.map((h) => ({ ...h }));
    m.persist();
  }
  toString = () => 'redisLoss()';
}

async function expectConsistent(m: Model, r: Real): Promise<void> {
  const state = await r.services.flashSales.readLiveState(r.saleId);
  if (!state) throw new Error('the sale is missing from Redis');
  const perUser = Object.values(await r.infra.redis.hgetall(saleKeys(r.saleId).perUser)).map(Number);
  const held = perUser.reduce((sum, n) => sum + n, 0) - state.sold;
  expect(state.sold + held + state.remaining).toBe(QUANTITY);
  expect(state.remaining).toBeGreaterThanOrEqual(0);
  for (const units of perUser) expect(units).toBeGreaterThanOrEqual(0);
  for (const units of perUser) expect(units).toBeLessThanOrEqual(PER_USER_LIMIT);
  expect(state.remaining).toBe(m.remaining);
  expect(state.sold).toBe(m.sold);
  const [row] = await r.infra.database.db.select().from(flashSalesTable).where(eq(flashSalesTable.id, r.saleId));
  // Paid units are in PostgreSQL before sellHold() returns.
  expect(row?.soldCount).toBe(m.sold);
}

describe('flash-sale inventory under random operations', () => {
  let pg: Awaited<ReturnType<typeof createTestDatabase>>;
  let infra: Infra;
  let services: Services;
  const clock = { ms: Date.parse('2030-01-01T00:00:00Z') };
  let merchantId: string;
  const userIds: string[] = [];

  beforeAll(async () => {
    pg = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      REDIS_URL,
      REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
      HOLD_TTL_MS: String(HOLD_TTL_MS),
    });
    infra = openInfra(config);
    services = createServices(infra, config, { clock: { now: () => new Date(clock.ms) } });
    const register = (role: 'merchant' | 'viewer', i: number) =>
      services.auth.register({
        email: `${role}-${i}-${randomBytes(4).toString('hex')}@example.test`,
        password: 'correct horse battery',
        displayName: `${role} ${i}`,
        roles: [role],
      });
    merchantId = (await register('merchant', 0)).user.id;
    for (let i = 0; i < USERS; i++) userIds.push((await register('viewer', i)).user.id);
  });

  afterAll(async () => {
    services?.flashSales.broadcaster?.close();
    if (infra) {
      const keys = await infra.redis.keys('*');
      const prefix = infra.redis.options.keyPrefix ?? '';
      if (keys.length > 0) await infra.redis.del(...keys.map((k) => k.slice(prefix.length)));
      await infra.close();
    }
    await pg?.drop();
  });

  it('keeps sold + held + remaining == quantity and every buyer within the limit, through Redis losing its data', async () => {
    const userIndex = fc.nat({ max: USERS - 1 });
    const pick = fc.nat({ max: 50 });
    const commands = [
      fc
        .record({ u: userIndex, q: fc.integer({ min: 1, max: 3 }), k: fc.constantFrom('', '', 'tap-1', 'tap-2') })
        .map(({ u, q, k }) => new Reserve(u, q, k)),
      pick.map((p) => new Order(p)),
      pick.map((p) => new Pay(p)),
      fc.tuple(pick, fc.boolean()).map(([p, o]) => new Cancel(p, o)),
      fc.integer({ min: 0, max: 15_000 }).map((ms) => new Lapse(ms)),
      fc.constant(new Drain()),
      fc.constant(new RedisLoss()),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (cmds) => {
        const product = await services.catalog.createProduct(merchantId, {
          title: 'Tea',
          description: 'Green',
          priceCents: 1000,
          currency: 'CNY',
          stock: QUANTITY,
          kolCommissionBps: 0,
        });
        const sale = await services.flashSales.schedule(merchantId, {
          productId: product.id,
          priceCents: 500,
          quantity: QUANTITY,
          perUserLimit: PER_USER_LIMIT,
          startsAt: new Date(clock.ms).toISOString(),
          endsAt: new Date(clock.ms + 30 * 24 * 3600_000).toISOString(),
        });
        await services.flashSales.openSale(sale.id);
        const real: Real = { services, infra, saleId: sale.id, userIds, clock };
        const model = new Model();
        await fc.asyncModelRun(
          () => ({ model, real }),
          [...cmds].map((cmd) => ({
            check: (m: Readonly<Model>) => cmd.check(m),
            run: async (m: Model, r: Real) => {
              await cmd.run(m, r);
              await expectConsistent(m, r);
            },
            toString: () => cmd.toString(),
          })),
        );
      }),
      { numRuns: 100 },
    );
  });
});
