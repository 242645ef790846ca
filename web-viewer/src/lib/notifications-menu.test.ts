import { describe, expect, it } from 'vitest';
import { describeNotification, formatAgo } from './notifications-menu.ts';

describe('describeNotification()', () => {
  it('says which followed stream went live and links to it', () => {
    const n = { id: 'n1', kind: 'stream_live', payload: { streamId: 's 1', title: 'Dumplings' }, readAt: null, createdAt: '' };
    expect(describeNotification(n)).toEqual({ text: 'Now live: Dumplings', href: '/live/s%201' });
  });

  it("tells a merchant what moderation did, with the admin's reason, and leads to the console", () => {
    const at = { readAt: null, createdAt: '' };
    const said = (kind: string, payload: Record<string, unknown>) => describeNotification({ id: kind, kind, payload, ...at });
    expect(said('product_taken_down', { productId: 'p1', title: 'Silk scarf', reason: 'Counterfeit brand' })).toEqual({
      text: 'Streamcart took down “Silk scarf”: Counterfeit brand',
      href: '/merchant',
    });
    expect(said('product_restored', { productId: 'p1', title: 'Silk scarf' }).text).toBe('“Silk scarf” is back on sale');
    expect(said('merchant_suspended', { reason: 'Unshipped orders' })).toEqual({
      text: 'Your shop is suspended: Unshipped orders',
      href: '/merchant',
    });
    expect(said('merchant_reinstated', {}).text).toBe('Your shop is open again');
  });

  it("tells a host Streamcart ended their live show, with the admin's reason, and leads to its studio", () => {
    const ended = (payload: Record<string, unknown>) =>
      describeNotification({ id: 'n3', kind: 'stream_ended_by_moderation', payload, readAt: null, createdAt: '' });
    expect(ended({ streamId: 's 9', title: 'Night market haul', reason: 'Selling replica watches' })).toEqual({
      text: 'Streamcart ended your live show “Night market haul”: Selling replica watches',
      href: '/studio/s%209',
    });
    expect(ended({})).toEqual({ text: 'Streamcart ended your live show', href: undefined });
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
