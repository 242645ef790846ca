import { describe, expect, it } from 'vitest';
import { ORDER_TRANSITIONS } from './domains/orders/transitions.ts';
import { STREAM_TRANSITIONS } from './domains/streams/transitions.ts';
import { AppError } from './errors.ts';
import { assertTransition, unreachableStates } from './state-machine.ts';

describe('status transition tables', () => {
  it('every order status is reachable from pending_payment', () => {
    expect(unreachableStates(ORDER_TRANSITIONS, 'pending_payment')).toEqual([]);
  });

  it('every stream status is reachable from scheduled', () => {
    expect(unreachableStates(STREAM_TRANSITIONS, 'scheduled')).toEqual([]);
  });

  it('assertTransition() throws the given 409 code for a move the table forbids', () => {
    expect(assertTransition(ORDER_TRANSITIONS, 'pending_payment', 'paid', 'INVALID_ORDER_TRANSITION')).toBe('paid');
    try {
      assertTransition(ORDER_TRANSITIONS, 'refunded', 'paid', 'INVALID_ORDER_TRANSITION');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
    }
  });

  it('unreachableStates() finds a state nothing leads to', () => {
    const table: Record<'a' | 'b' | 'c', ('a' | 'b' | 'c')[]> = { a: ['b'], b: [], c: ['a'] };
    expect(unreachableStates(table, 'a')).toEqual(['c']);
  });
});
