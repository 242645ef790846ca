import { describe, expect, it } from 'vitest';
import { unreachableStates } from '../../state-machine.ts';
import { parseHoldData, parseJournalEntry } from './hold-data.ts';
import { SALE_TRANSITIONS } from './transitions.ts';

describe('flash-sale hold records', () => {
  it('parseHoldData() reads what the Lua scripts write, an Idempotency-Key with bars included', () => {
    expect(parseHoldData('s.h1', 'user-1|2|held|1700000000000|tap|1|x')).toEqual({
      id: 's.h1',
      userId: 'user-1',
      quantity: 2,
      status: 'held',
      expiresAtMs: 1_700_000_000_000,
      key: 'tap|1|x',
    });
    expect(parseHoldData('s.h1', 'user-1|3|sold|1700000000000|')?.key).toBe('');
  });

  it('parseHoldData() answers undefined for anything else', () => {
    expect(parseHoldData('s.h1', null)).toBeUndefined();
    expect(parseHoldData('s.h1', 'user-1|two|held|1|')).toBeUndefined();
  });

  it('parseJournalEntry() reads a stream entry and skips a malformed one', () => {
    expect(parseJournalEntry(['h', 's.h1', 'u', 'user-1', 'q', '1', 's', 'lapsed', 'x', '5', 'k', ''])).toEqual({
      id: 's.h1',
      userId: 'user-1',
      quantity: 1,
      status: 'lapsed',
      expiresAtMs: 5,
      key: '',
    });
    expect(parseJournalEntry(['q', '1'])).toBeUndefined();
  });

  it('every sale status is reachable from scheduled, and ended and cancelled are final', () => {
    expect(unreachableStates(SALE_TRANSITIONS, 'scheduled')).toEqual([]);
    expect(SALE_TRANSITIONS.ended).toEqual([]);
    expect(SALE_TRANSITIONS.cancelled).toEqual([]);
  });
});
