/**
 * Every Redis key of the flash-sales domain. Keys of one sale share the hash tag `{saleId}`, so
 * each Lua script touches one cluster slot. (The client adds the engine's prefix.)
 */
export const saleKeys = (saleId: string) => ({
  /** hash: status, remaining, sold, quantity, perUserLimit, endsAtMs, streamId, merchantId */
  state: `sale:{${saleId}}:state`,
  /** hash: userId → units the user holds, has ordered or bought */
  perUser: `sale:{${saleId}}:per-user`,
  /** sorted set: id of a `held` hold → its expiry in ms (what the sweeper lapses) */
  holds: `sale:{${saleId}}:holds`,
  /** hash: holdId → `userId|quantity|status|expiresAtMs|idempotencyKey` */
  holdData: `sale:{${saleId}}:hold-data`,
  /** hash: `userId|Idempotency-Key` → `holdId|expiresAtMs|quantity` */
  idempotency: `sale:{${saleId}}:idempotency`,
  /** stream: every change of a hold, in order; drained into PostgreSQL by the journal worker */
  journal: `sale:{${saleId}}:journal`,
  /** hash: userId → `second|attempts`, the user's reserve attempts in that second (lapses 2 s after the last) */
  reserveRate: `sale:{${saleId}}:reserve-rate`,
});

export type SaleKeys = ReturnType<typeof saleKeys>;

/** Ids of the sales whose holds still move: live ones, and ended ones with holds not yet settled. */
export const TRACKED_SALES_KEY = 'flash-sales:tracked';

/** Written when the engine starts; its absence means Redis lost its data since. */
export const REDIS_EPOCH_KEY = 'flash-sales:epoch';
