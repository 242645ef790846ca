import type { FlashSaleStatus } from '../../../../db/schema/index.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import type { FlashSaleRedis } from './commands.ts';
import { type HoldRecord, parseHoldData } from './hold-data.ts';
import { REDIS_EPOCH_KEY, type SaleKeys, saleKeys, TRACKED_SALES_KEY } from './keys.ts';

/** What a sale's Redis state is written from (a row of `flash_sales`). */
export interface SaleFacts {
  id: string;
  status: FlashSaleStatus;
  quantity: number;
  perUserLimit: number;
  endsAt: Date;
  streamId: string | null;
  merchantId: string;
}

export interface LiveState {
  status: FlashSaleStatus;
  remaining: number;
  sold: number;
  quantity: number;
  streamId: string | null;
  merchantId: string;
}

export interface NewHold {
  /** false when the Idempotency-Key had already made this hold. */
  isNew: boolean;
  holdId: string;
  quantity: number;
  expiresAtMs: number;
  remaining: number;
}

/** Thrown when the sale is not in Redis: unknown, or lost with Redis' data. */
export class SaleMissingError extends Error {
  readonly saleId: string;

  constructor(saleId: string) {
    super(`flash sale ${saleId} is not in Redis`);
    this.saleId = saleId;
  }
}

type Codes = Readonly<Record<string, ErrorCode>>;
const RESERVE_ERRORS: Codes = { '-1': 'SALE_NOT_ACTIVE', '-2': 'SOLD_OUT', '-3': 'PURCHASE_LIMIT_REACHED' };
const RESERVE_RATE_LIMITED = -6;
const CONSUME_ERRORS: Codes = { '-1': 'NOT_FOUND', '-2': 'HOLD_EXPIRED', '-4': 'RESERVATION_ALREADY_ORDERED' };
const RELEASE_ERRORS: Codes = { '-1': 'NOT_FOUND', '-2': 'HOLD_EXPIRED', '-4': 'RESERVATION_ALREADY_ORDERED', '-6': 'HOLD_ALREADY_SOLD' };

/** What became of a paid order's hold. */
export type SellOutcome = 'sold' | 'already-sold' | 'expired' | 'not-ordered' | 'unknown';
const SELL_OUTCOMES: Readonly<Record<string, SellOutcome>> = { '0': 'already-sold', '-1': 'unknown', '-2': 'expired', '-3': 'not-ordered' };

function fail(saleId: string, code: number, table: Codes, what: string): never {
  if (code === -5) throw new SaleMissingError(saleId);
  const error = table[String(code)];
  if (!error) throw new Error(`${what} answered an unknown code ${code}`);
  throw new AppError(error, error === 'NOT_FOUND' ? 'Reservation not found' : undefined);
}

const holdKeys = (k: SaleKeys) => [k.state, k.perUser, k.holds, k.holdData, k.journal] as const;

/**
 * A flash sale's state in Redis. Stock moves only through the Lua scripts in `lua/`, each one
 * atomic and each change written to the sale's journal in the same step.
 */
export class SaleStore {
  readonly #redis: FlashSaleRedis;
  readonly #reservesPerUserPerSec: number;

  /** `reservesPerUserPerSec`: reserve attempts one user may make on one sale per second (RESERVATIONS_PER_USER_PER_SEC). */
  constructor(redis: FlashSaleRedis, reservesPerUserPerSec = 1_000_000) {
    this.#redis = redis;
    this.#reservesPerUserPerSec = reservesPerUserPerSec;
  }

  /** Writes a sale that has not opened (or opens it with status `live`); false once it has opened. */
  async writeUnopened(sale: SaleFacts, status: 'scheduled' | 'live' | 'cancelled' = sale.status as 'scheduled'): Promise<boolean> {
    const fields = {
      status,
      remaining: sale.quantity,
      sold: 0,
      quantity: sale.quantity,
      perUserLimit: sale.perUserLimit,
      endsAtMs: sale.endsAt.getTime(),
      streamId: sale.streamId ?? '',
      merchantId: sale.merchantId,
    };
    return (await this.#redis.writeUnopenedSale(saleKeys(sale.id).state, ...Object.entries(fields).flat())) === 1;
  }

  /** Moves the status from `expected` to `next`; returns the status it has now ('' when missing). */
  async setStatus(saleId: string, expected: FlashSaleStatus, next: FlashSaleStatus): Promise<string> {
    const [, now] = await this.#redis.setSaleStatus(saleKeys(saleId).state, expected, next);
    return now;
  }

  /**
   * One Lua call: the whole reserve path, the per-user rate limit included. Throws SALE_NOT_ACTIVE,
   * SOLD_OUT, PURCHASE_LIMIT_REACHED, RATE_LIMITED, SaleMissingError.
   */
  async reserve(saleId: string, r: { userId: string; quantity: number; holdId: string; expiresAtMs: number; nowMs: number; key: string }) {
    const k = saleKeys(saleId);
    const [code, holdId, expiresAtMs, remaining, quantity] = await this.#redis.reserve(
      k.state,
      k.perUser,
      k.holds,
      k.holdData,
      k.idempotency,
      k.journal,
      k.reserveRate,
      r.userId,
      r.quantity,
      r.holdId,
      r.expiresAtMs,
      r.nowMs,
      r.key,
      this.#reservesPerUserPerSec,
    );
    if (code === RESERVE_RATE_LIMITED) {
      throw new AppError('RATE_LIMITED', 'Too many reservation attempts, try again in a moment', {
        retryAfterSeconds: Math.max(1, Math.ceil(Number(expiresAtMs) / 1000)),
      });
    }
    if (code < 0) fail(saleId, code, RESERVE_ERRORS, 'reserve');
    return {
      isNew: code === 0,
      holdId,
      quantity: Number(quantity),
      expiresAtMs: Number(expiresAtMs),
      remaining: Number(remaining),
    } satisfies NewHold;
  }

  /** Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED, SaleMissingError. */
  async consume(saleId: string, holdId: string, userId: string, nowMs: number): Promise<number> {
    const k = saleKeys(saleId);
    const result = await this.#redis.consumeHold(k.state, k.holds, k.holdData, k.journal, holdId, userId, nowMs);
    if (result < 0) fail(saleId, result, CONSUME_ERRORS, 'consume-hold');
    return result;
  }

  async restore(saleId: string, holdId: string): Promise<boolean> {
    const k = saleKeys(saleId);
    return (await this.#redis.restoreHold(k.state, k.holds, k.holdData, k.journal, holdId)) === 1;
  }

  /** Throws SaleMissingError. */
  async sell(saleId: string, holdId: string): Promise<{ outcome: SellOutcome; quantity: number }> {
    const k = saleKeys(saleId);
    const result = await this.#redis.sellHold(k.state, k.holds, k.holdData, k.journal, holdId);
    if (result === -5) throw new SaleMissingError(saleId);
    return result > 0 ? { outcome: 'sold', quantity: result } : { outcome: SELL_OUTCOMES[String(result)] ?? 'unknown', quantity: 0 };
  }

  /**
   * Gives the hold's units back; `userId` limits it to the buyer's own hold, `isOrderedToo` lets an
   * ordered one go. Throws NOT_FOUND, HOLD_EXPIRED, RESERVATION_ALREADY_ORDERED, HOLD_ALREADY_SOLD, SaleMissingError.
   */
  async release(saleId: string, holdId: string, options: { userId?: string; isOrderedToo: boolean }): Promise<number> {
    const result = await this.#redis.releaseHold(
      ...holdKeys(saleKeys(saleId)),
      holdId,
      options.userId ?? '',
      options.isOrderedToo ? '1' : '0',
    );
    if (result < 0) fail(saleId, result, RELEASE_ERRORS, 'release-hold');
    return result;
  }

  /** Lapses up to `limit` holds that expired by `nowMs`; returns their ids. */
  async expire(saleId: string, nowMs: number, limit: number): Promise<string[]> {
    return this.#redis.expireHolds(...holdKeys(saleKeys(saleId)), nowMs, limit);
  }

  /**
   * Rebuilds a sale Redis lost from its durable record, in one step. `holds` are all its holds
   * (lapsed and released ones keep answering their Idempotency-Key). False when it was there.
   */
  async load(sale: SaleFacts, holds: HoldRecord[]): Promise<boolean> {
    const k = saleKeys(sale.id);
    const state = {
      status: sale.status,
      quantity: String(sale.quantity),
      perUserLimit: String(sale.perUserLimit),
      endsAtMs: String(sale.endsAt.getTime()),
      streamId: sale.streamId ?? '',
      merchantId: sale.merchantId,
    };
    const rows = holds.map((h) => ({ ...h, quantity: String(h.quantity), expiresAtMs: String(h.expiresAtMs) }));
    const loaded = await this.#redis.loadSale(
      k.state,
      k.perUser,
      k.holds,
      k.holdData,
      k.idempotency,
      k.journal,
      JSON.stringify(state),
      JSON.stringify(rows),
    );
    return loaded === 1;
  }

  async readState(saleId: string): Promise<LiveState | undefined> {
    const [status, remaining, sold, quantity, streamId, merchantId] = await this.#redis.hmget(
      saleKeys(saleId).state,
      'status',
      'remaining',
      'sold',
      'quantity',
      'streamId',
      'merchantId',
    );
    if (!status) return undefined;
    return {
      status: status as FlashSaleStatus,
      remaining: Number(remaining ?? 0),
      sold: Number(sold ?? 0),
      quantity: Number(quantity ?? 0),
      streamId: streamId || null,
      merchantId: merchantId ?? '',
    };
  }

  async readHold(saleId: string, holdId: string): Promise<HoldRecord | undefined> {
    return parseHoldData(holdId, await this.#redis.hget(saleKeys(saleId).holdData, holdId));
  }

  /** How many holds are still `held` (lapsing) in the sale. */
  async countLapsing(saleId: string): Promise<number> {
    return this.#redis.zcard(saleKeys(saleId).holds);
  }

  /** The journal's entries after `cursor`, oldest first. */
  async readJournal(saleId: string, cursor: string, count: number): Promise<[id: string, fields: string[]][]> {
    return this.#redis.xrange(saleKeys(saleId).journal, `(${cursor}`, '+', 'COUNT', count);
  }

  /** Drops journal entries up to `cursor` once they are in PostgreSQL. */
  async trimJournal(saleId: string, cursor: string): Promise<void> {
    await this.#redis.xtrim(saleKeys(saleId).journal, 'MINID', cursor);
  }

  async track(saleId: string): Promise<void> {
    await this.#redis.sadd(TRACKED_SALES_KEY, saleId);
  }

  async untrack(saleId: string): Promise<void> {
    await this.#redis.srem(TRACKED_SALES_KEY, saleId);
  }

  async trackedIds(): Promise<string[]> {
    return this.#redis.smembers(TRACKED_SALES_KEY);
  }

  /** Lets a settled sale's keys go after `ttlSec`; a later read rebuilds them from PostgreSQL. */
  async expireKeys(saleId: string, ttlSec: number): Promise<void> {
    const pipeline = this.#redis.pipeline();
    for (const key of Object.values(saleKeys(saleId))) pipeline.expire(key, ttlSec);
    await pipeline.exec();
  }

  /** Marks this Redis as known; returns false when the mark was gone (Redis lost its data). */
  async markEpoch(epoch: string): Promise<boolean> {
    const existing = await this.#redis.get(REDIS_EPOCH_KEY);
    if (existing) return true;
    await this.#redis.set(REDIS_EPOCH_KEY, epoch, 'NX');
    return false;
  }
}
