import { describe, expect, it } from 'vitest';
import { describeNotification, formatAgo } from './notifications-menu.ts';

describe('describeNotification()', () => {
  it('says which followed stream went live and links to it', () => {
    const n = { id: 'n1', kind: 'stream_live', payload: { streamId: 's 1', title: 'Dumplings' }, readAt: null, createdAt: '' };
    expect(describeNotification(n)).toEqual({ text: 'Now live: Dumplings', href: '/live/s%201' });
  });

  it('still reads well for a payload it does not know', () => {
    expect(describeNotification({ id: 'n2', kind: 'other', payload: {}, readAt: null, createdAt: '' })).toEqual({
      text: 'New activity',
      href: undefined,
    });
  });
});

describe('formatAgo()', () => {
  it('counts minutes, then hours', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(formatAgo('2026-05-01T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-05-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-05-01T09:00:00Z', now)).toBe('3 h ago');
  });
});
