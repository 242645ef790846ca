export * from './catalog.ts';
export * from './flash-sales.ts';
export * from './ledger.ts';
export * from './orders.ts';
export * from './payments.ts';
export * from './social.ts';
export * from './streams.ts';
export * from './users.ts';
