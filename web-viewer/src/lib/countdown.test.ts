import { describe, expect, it } from 'vitest';
import { formatCountdown } from './countdown.ts';

describe('formatCountdown()', () => {
  it('shows minutes and seconds, rounding up so 00:00 means the moment has come', () => {
    expect(formatCountdown(42_000)).toBe('00:42');
    expect(formatCountdown(41_001)).toBe('00:42');
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(0)).toBe('00:00');
  });

  it('adds hours past the hour and never goes negative', () => {
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(-5000)).toBe('00:00');
  });
});
