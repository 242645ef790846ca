import type { GroupStatus } from '../../../../db/schema/index.ts';
import type { TransitionTable } from '../../state-machine.ts';

export const GROUP_TRANSITIONS: TransitionTable<GroupStatus> = {
  open: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
};
