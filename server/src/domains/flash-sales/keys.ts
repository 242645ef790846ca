/**
 * Every Redis key of the flash-sales domain. Keys of one sale share the hash tag `{saleId}`, so
 * the Lua scripts also run on Redis Cluster. (The client adds the engine's prefix.)
 */
export const saleKeys = (saleId: string) => ({
  state: `sale:{${saleId}}:state`,
  perUser: `sale:{${saleId}}:per-user`,
  holds: `sale:{${saleId}}:holds`,
  holdData: `sale:{${saleId}}:hold-data`,
  idempotency: `sale:{${saleId}}:idempotency`,
});

/** Ids of the sales that are live now (swept for lapsed holds). */
export const LIVE_SALES_KEY = 'flash-sales:live';
