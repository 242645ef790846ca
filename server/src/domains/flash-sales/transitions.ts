import type { FlashSaleStatus } from '../../../../db/schema/index.ts';
import type { TransitionTable } from '../../state-machine.ts';

/** A sale that never opened may still end: the engine was down for its whole window. */
export const SALE_TRANSITIONS: TransitionTable<FlashSaleStatus> = {
  scheduled: ['live', 'ended', 'cancelled'],
  live: ['ended'],
  ended: [],
  cancelled: [],
};
