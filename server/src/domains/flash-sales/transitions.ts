import type { FlashSaleStatus } from '../../../../db/schema/index.ts';
import type { TransitionTable } from '../../state-machine.ts';

/**
 * A sale that never opened may still end: the engine was down for its whole window. Only an admin
 * cancels a live sale (its product taken down or its merchant suspended); merchants cancel unopened ones.
 */
export const SALE_TRANSITIONS: TransitionTable<FlashSaleStatus> = {
  scheduled: ['live', 'ended', 'cancelled'],
  live: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};
