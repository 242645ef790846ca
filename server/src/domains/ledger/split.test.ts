import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitOrder } from './split.ts';

describe('splitOrder()', () => {
  it('splits an order into fee, KOL commission, referral commission and merchant net that sum to zero', () => {
    const lines = splitOrder({
      totalCents: 39800,
      items: [{ quantity: 2, unitPriceCents: 19900, kolCommissionBps: 1200 }],
      kolId: 'kol',
      sharerId: 'sharer',
      merchantId: 'merchant',
      platformFeeBps: 500,
      referralShareBps: 2000,
    });
    const byKind = Object.fromEntries(lines.map((l) => [l.kind, l.amountCents]));
    expect(byKind).toEqual({
      buyer_payment: -39800,
      platform_fee: 1990 - 398,
      referral_commission: 398,
      kol_commission: 4776,
      merchant_net: 39800 - 1990 - 4776,
    });
  });

  it('pays no KOL commission without a KOL and no referral without a sharer', () => {
    const lines = splitOrder({
      totalCents: 1000,
      items: [{ quantity: 1, unitPriceCents: 1000, kolCommissionBps: 5000 }],
      kolId: null,
      sharerId: null,
      merchantId: 'm',
      platformFeeBps: 1000,
      referralShareBps: 5000,
    });
    expect(lines.map((l) => l.kind).sort()).toEqual(['buyer_payment', 'merchant_net', 'platform_fee']);
  });

  it('always balances to zero and never gives anyone a negative amount', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 50 }),
            unitPriceCents: fc.integer({ min: 1, max: 10_000_000 }),
            kolCommissionBps: fc.integer({ min: 0, max: 9000 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        fc.boolean(),
        (items, platformFeeBps, referralShareBps, hasKol, hasSharer) => {
          const totalCents = items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0);
          const lines = splitOrder({
            totalCents,
            items,
            kolId: hasKol ? 'k' : null,
            sharerId: hasSharer ? 's' : null,
            merchantId: 'm',
            platformFeeBps,
            referralShareBps,
          });
          expect(lines.reduce((s, l) => s + l.amountCents, 0)).toBe(0);
          for (const line of lines) if (line.kind !== 'buyer_payment') expect(line.amountCents).toBeGreaterThanOrEqual(0);
          for (const line of lines) expect(Number.isInteger(line.amountCents)).toBe(true);
        },
      ),
    );
  });
});
