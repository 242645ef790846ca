import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { flashSaleHolds, flashSales } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Queues } from '../../jobs/queues.ts';
import type { CatalogService, DbOrTx } from '../catalog/service.ts';
import type { FlashSaleRedis } from './commands.ts';
import type { StockBroadcaster } from './events.ts';
import { newHoldId, saleIdOfHold } from './hold-id.ts';
import { LIVE_SALES_KEY, saleKeys } from './keys.ts';
import type { CreateFlashSaleInput } from './schema.ts';

export type FlashSaleRow = typeof flashSales.$inferSelect;

export interface FlashSaleView {
  id: string;
  productId: string;
  streamId: string | null;
  status: string;
  quantity: number;
  remaining: number;
  perUserLimit: number;
  priceCents: number;
  currency: string;
  startsAt: string;
  endsAt: string;
}

export interface Reservation {
  reservationId: string;
  saleId: string;
  quantity: number;
  expiresAt: string;
  remaining: number;
}

const RESERVE_ERRORS = { '-1': 'SALE_NOT_ACTIVE', '-2': 'SOLD_OUT', '-3': 'PURCHASE_LIMIT_REACHED', '-5': 'NOT_FOUND' } as const;
const CONSUME_ERRORS = { '-1': 'NOT_FOUND', '-2': 'HOLD_EXPIRED', '-4': 'RESERVATION_ALREADY_ORDERED' } as const;

export class FlashSaleService {
  readonly #db: Db;
  readonly #redis: FlashSaleRedis;
  readonly #queues: Queues;
  readonly #catalog: CatalogService;
  readonly #clock: Clock;
  readonly #holdTtlMs: number;
  readonly #streamExists: (streamId: string) => Promise<boolean>;
  broadcaster: StockBroadcaster | undefined;

  constructor(deps: {
    db: Db;
    redis: FlashSaleRedis;
    queues: Queues;
    catalog: CatalogService;
    clock: Clock;
    holdTtlMs: number;
    streamExists: (streamId: string) => Promise<boolean>;
  }) {
    this.#db = deps.db;
    this.#redis = deps.redis;
    this.#queues = deps.queues;
    this.#catalog = deps.catalog;
    this.#clock = deps.clock;
    this.#holdTtlMs = deps.holdTtlMs;
    this.#streamExists = deps.streamExists;
  }

  /**
   * Schedules a sale on the merchant's own product; its quantity leaves the product's stock now,
   * and BullMQ opens and closes it on time. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, INSUFFICIENT_STOCK.
   */
  async schedule(merchantId: string, input: CreateFlashSaleInput): Promise<FlashSaleView> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt.getTime() <= this.#clock.now().getTime()) {
      throw new AppError('VALIDATION_FAILED', 'endsAt must be in the future', [{ path: 'body.endsAt', message: 'in the past' }]);
    }
    const product = await this.#catalog.getProduct(input.productId);
    if (product.merchantId !== merchantId) throw new AppError('FORBIDDEN', "Only the product's merchant may schedule its sales");
    if (input.streamId && !(await this.#streamExists(input.streamId))) throw new AppError('NOT_FOUND', 'Stream not found');

    const sale = await this.#db.transaction(async (tx) => {
      await this.#catalog.takeStock(tx, product.id, input.quantity).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'OUT_OF_STOCK' ? new AppError('INSUFFICIENT_STOCK') : error;
      });
      const [row] = await tx
        .insert(flashSales)
        .values({
          productId: product.id,
          merchantId,
          streamId: input.streamId ?? null,
          priceCents: input.priceCents,
          currency: product.currency,
          quantity: input.quantity,
          perUserLimit: input.perUserLimit,
          startsAt,
          endsAt,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    });
    await this.#writeLiveState(sale);
    await this.#queues.add('sale-open', `sale-open-${sale.id}`, { saleId: sale.id }, startsAt);
    await this.#queues.add('sale-close', `sale-close-${sale.id}`, { saleId: sale.id }, endsAt);
    return this.#toView(sale, sale.quantity);
  }

  /** Opens a scheduled sale (idempotent: a second call changes nothing). */
  async openSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const [opened] = await this.#db
      .update(flashSales)
      .set({ status: 'live' })
      .where(and(eq(flashSales.id, saleId), eq(flashSales.status, 'scheduled')))
      .returning();
    const sale = opened ?? (await this.#findSale(saleId));
    if (sale?.status !== 'live') return sale;
    const keys = saleKeys(saleId);
    // Redis may have lost the sale since it was scheduled; write it again before opening.
    if (!(await this.#redis.exists(keys.state))) await this.#writeLiveState(sale);
    await this.#redis.setSaleStatus(keys.state, 'scheduled', 'live');
    await this.#redis.sadd(LIVE_SALES_KEY, saleId);
    await this.broadcaster?.sendNow(saleId);
    return sale;
  }

  /** Closes a live sale (idempotent). */
  async closeSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const [closed] = await this.#db
      .update(flashSales)
      .set({ status: 'ended' })
      .where(and(eq(flashSales.id, saleId), inArray(flashSales.status, ['scheduled', 'live'])))
      .returning();
    const sale = closed ?? (await this.#findSale(saleId));
    if (!sale) return undefined;
    const keys = saleKeys(saleId);
    await this.#redis.setSaleStatus(keys.state, 'live', 'ended');
    await this.#redis.setSaleStatus(keys.state, 'scheduled', 'ended');
    await this.#redis.srem(LIVE_SALES_KEY, saleId);
    await this.broadcaster?.sendNow(saleId);
    // TODO(#6): return units that were never sold to the product's stock once holds have lapsed.
    return sale;
  }

  /** Throws NOT_FOUND. */
  async getSale(saleId: string): Promise<FlashSaleView> {
    const sale = await this.#findSale(saleId);
    if (!sale) throw new AppError('NOT_FOUND', 'Flash sale not found');
    return this.#toView(sale, await this.#remaining(sale));
  }

  async getActiveSaleForStream(streamId: string): Promise<FlashSaleView | null> {
    const [sale] = await this.#db
      .select()
      .from(flashSales)
      .where(and(eq(flashSales.streamId, streamId), inArray(flashSales.status, ['live', 'scheduled'])))
      .orderBy(flashSales.startsAt)
      .limit(1);
    return sale ? this.#toView(sale, await this.#remaining(sale)) : null;
  }

  /**
   * Holds units for a buyer: one Lua call, no database round trip.
   * Throws NOT_FOUND, SALE_NOT_ACTIVE, SOLD_OUT, PURCHASE_LIMIT_REACHED.
   */
  async reserve(userId: string, saleId: string, quantity: number, idempotencyKey = ''): Promise<Reservation> {
    const keys = saleKeys(saleId);
    const nowMs = this.#clock.now().getTime();
    const [code, holdId, expiresAtMs, remaining] = await this.#redis.reserve(
      keys.state,
      keys.perUser,
      keys.holds,
      keys.holdData,
      keys.idempotency,
      userId,
      quantity,
      newHoldId(saleId),
      nowMs + this.#holdTtlMs,
      nowMs,
      idempotencyKey,
    );
    if (code < 0) throw new AppError(RESERVE_ERRORS[String(code) as keyof typeof RESERVE_ERRORS]);
    if (code === 0) this.broadcaster?.stockChanged(saleId);
    return {
      reservationId: holdId,
      saleId,
      quantity: await this.#holdQuantity(saleId, holdId, quantity, code),
      expiresAt: new Date(Number(expiresAtMs)).toISOString(),
      remaining: Number(remaining),
    };
  }

  /**
   * Takes the buyer's live hold for an order: it stops lapsing and is written to PostgreSQL in `tx`.
   * Returns an undo for the order flow. Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED.
   */
  async consumeHold(
    userId: string,
    holdId: string,
  ): Promise<{ sale: FlashSaleRow; quantity: number; record: (tx: DbOrTx) => Promise<void>; undo: () => Promise<void> }> {
    const saleId = saleIdOfHold(holdId);
    const sale = saleId ? await this.#findSale(saleId) : undefined;
    if (!saleId || !sale) throw new AppError('NOT_FOUND', 'Reservation not found');
    const keys = saleKeys(saleId);
    const result = await this.#redis.consumeHold(keys.holds, keys.holdData, keys.state, holdId, userId, this.#clock.now().getTime());
    if (result < 0) throw new AppError(CONSUME_ERRORS[String(result) as keyof typeof CONSUME_ERRORS]);
    const expiresAt = new Date(this.#clock.now().getTime() + this.#holdTtlMs);
    return {
      sale,
      quantity: result,
      record: async (tx) => {
        await tx
          .insert(flashSaleHolds)
          .values({ id: holdId, saleId, userId, quantity: result, status: 'ordered', expiresAt })
          .onConflictDoUpdate({ target: flashSaleHolds.id, set: { status: 'ordered' } });
      },
      undo: async () => {
        await this.#redis.restoreHold(keys.holds, keys.holdData, holdId, expiresAt.getTime());
      },
    };
  }

  /** A paid hold becomes sold units (idempotent). */
  async sellHold(holdId: string): Promise<void> {
    const saleId = saleIdOfHold(holdId);
    if (!saleId) return;
    const keys = saleKeys(saleId);
    const sold = await this.#redis.sellHold(keys.state, keys.holdData, holdId);
    await this.#db.update(flashSaleHolds).set({ status: 'sold' }).where(eq(flashSaleHolds.id, holdId));
    if (sold > 0) this.broadcaster?.stockChanged(saleId);
  }

  /** Releases lapsed holds of every live sale; returns how many lapsed. */
  async sweepExpiredHolds(limitPerSale = 1000): Promise<number> {
    const liveSaleIds = await this.#redis.smembers(LIVE_SALES_KEY);
    const nowMs = this.#clock.now().getTime();
    let lapsed = 0;
    for (const saleId of liveSaleIds) {
      const keys = saleKeys(saleId);
      const released = await this.#redis.expireHolds(keys.state, keys.perUser, keys.holds, keys.holdData, nowMs, limitPerSale);
      if (released.length > 0) {
        lapsed += released.length;
        this.broadcaster?.stockChanged(saleId);
      }
    }
    return lapsed;
  }

  /** Live state for flashsale:update broadcasts. */
  async readLiveState(saleId: string): Promise<{ streamId: string | null; status: string; remaining: number } | undefined> {
    const [status, remaining, streamId] = await this.#redis.hmget(saleKeys(saleId).state, 'status', 'remaining', 'streamId');
    if (!status) return undefined;
    return { status, remaining: Number(remaining ?? 0), streamId: streamId || null };
  }

  async #holdQuantity(saleId: string, holdId: string, requested: number, code: number): Promise<number> {
    if (code === 0) return requested;
    const data = await this.#redis.hget(saleKeys(saleId).holdData, holdId);
    return Number(data?.split('|')[1] ?? requested);
  }

  async #writeLiveState(sale: FlashSaleRow): Promise<void> {
    await this.#redis.hset(saleKeys(sale.id).state, {
      status: sale.status,
      remaining: sale.quantity - sale.soldCount,
      sold: sale.soldCount,
      quantity: sale.quantity,
      perUserLimit: sale.perUserLimit,
      endsAtMs: sale.endsAt.getTime(),
      streamId: sale.streamId ?? '',
    });
  }

  async #findSale(saleId: string): Promise<FlashSaleRow | undefined> {
    const [row] = await this.#db.select().from(flashSales).where(eq(flashSales.id, saleId));
    return row;
  }

  async #remaining(sale: FlashSaleRow): Promise<number> {
    const remaining = await this.#redis.hget(saleKeys(sale.id).state, 'remaining');
    return remaining === null ? sale.quantity - sale.soldCount : Number(remaining);
  }

  #toView(sale: FlashSaleRow, remaining: number): FlashSaleView {
    return {
      id: sale.id,
      productId: sale.productId,
      streamId: sale.streamId,
      status: sale.status,
      quantity: sale.quantity,
      remaining,
      perUserLimit: sale.perUserLimit,
      priceCents: sale.priceCents,
      currency: sale.currency,
      startsAt: sale.startsAt.toISOString(),
      endsAt: sale.endsAt.toISOString(),
    };
  }
}
