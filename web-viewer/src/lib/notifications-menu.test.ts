import { describe, expect, it } from 'vitest';
import { formatMoney } from './format.ts';
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

  it('tells a viewer Streamcart restricted them from chat, why and until when, and that it was lifted', () => {
    const said = (kind: string, payload: Record<string, unknown>) =>
      describeNotification({ id: kind, kind, payload, readAt: null, createdAt: '' });
    const until = '2031-07-04T18:30:00.000Z';
    const banned = said('chat_banned', { reason: 'Spam links in chat', until });
    expect(banned.href).toBeUndefined();
    expect(banned.text).toMatch(/^Streamcart restricted you from chat until .*2031.*: Spam links in chat$/);
    expect(banned.text).toContain(new Date(until).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
    expect(said('chat_banned', { reason: 'Hate speech', until: null }).text).toBe(
      'Streamcart restricted you from chat until further notice: Hate speech',
    );
    expect(said('chat_ban_lifted', {})).toEqual({ text: 'You can chat again: Streamcart lifted your chat restriction', href: undefined });
  });

  it('tells a buyer Streamcart removed their review, which one and why, with a link to the product', () => {
    const said = (payload: Record<string, unknown>) =>
      describeNotification({ id: 'n-review', kind: 'review_removed', payload, readAt: null, createdAt: '' });
    expect(said({ reviewId: 'r1', productId: 'p 7', text: 'Call Mei at 555-0100', reason: 'Personal details' })).toEqual({
      text: 'Streamcart removed your review “Call Mei at 555-0100”: Personal details',
      href: '/products/p%207',
    });
    expect(said({})).toEqual({ text: 'Streamcart removed your review', href: undefined });
  });

  it('tells the merchant of a refund request or a cancellation, and the buyer of the answer', () => {
    const said = (kind: string, payload: Record<string, unknown>) =>
      describeNotification({ id: kind, kind, payload, readAt: null, createdAt: '' });
    expect(said('refund_requested', { orderId: 'o1', reason: 'damaged' })).toEqual({
      text: 'A buyer asked for a refund: it arrived damaged',
      href: '/merchant',
    });
    expect(said('order_cancelled', { orderId: 'o1' }).href).toBe('/merchant');
    expect(said('refund_approved', { orderId: 'o1', totalCents: 12_900, currency: 'CNY', isAutomatic: false })).toEqual({
      text: `Your refund of ${formatMoney(12_900, 'CNY')} is on its way`,
      href: '/orders',
    });
    expect(said('refund_approved', { orderId: 'o1' }).text).toBe('Your refund is on its way');
    expect(said('refund_declined', { orderId: 'o1', reason: 'Used item' }).text).toBe('The shop declined your refund request: Used item');
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
