import type { StreamStatus } from '../../../../db/schema/index.ts';
import type { TransitionTable } from '../../state-machine.ts';

export const STREAM_TRANSITIONS: TransitionTable<StreamStatus> = {
  scheduled: ['live', 'ended'],
  live: ['ended'],
  ended: [],
};
