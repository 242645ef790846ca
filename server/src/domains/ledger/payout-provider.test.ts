import { describe, expect, it } from 'vitest';
import { PayoutDeclinedError, SandboxPayoutProvider } from './payout-provider.ts';

const clock = { now: () => new Date('2031-03-04T02:00:00Z') };
const payout = { payoutId: 'p1', userId: 'u1', amountCents: 1000, currency: 'CNY' };

describe('the sandbox payout provider', () => {
  it('transfer() again for the same payout answers with the first receipt and sends nothing more', async () => {
    const provider = new SandboxPayoutProvider({ clock });
    const first = await provider.transfer(payout);
    expect(await Promise.all([provider.transfer(payout), provider.transfer(payout)])).toEqual([first, first]);
    expect(provider.sentTransfers()).toEqual([{ ...payout, reference: first.reference, at: clock.now() }]);
    expect(await provider.findTransfer('p1')).toEqual(first);
    expect(await provider.findTransfer('p2')).toBeNull();
  });

  it('transfer() under a payout id already used for another amount rejects', async () => {
    const provider = new SandboxPayoutProvider({ clock });
    await provider.transfer(payout);
    await expect(provider.transfer({ ...payout, amountCents: 2000 })).rejects.toThrow('already sent with other details');
    expect(provider.sentTransfers()).toHaveLength(1);
  });

  it('a told decline refuses new transfers to that user until cleared, but replays a payout already sent', async () => {
    const provider = new SandboxPayoutProvider({ clock });
    const sent = await provider.transfer(payout);
    provider.failTransfersTo('u1', { mode: 'declined', reason: 'Account closed' });
    await expect(provider.transfer({ ...payout, payoutId: 'p2' })).rejects.toEqual(new PayoutDeclinedError('Account closed'));
    await expect(provider.transfer({ ...payout, payoutId: 'p2' })).rejects.toBeInstanceOf(PayoutDeclinedError);
    expect(await provider.transfer(payout)).toEqual(sent);
    await expect(provider.transfer({ ...payout, userId: 'u2', payoutId: 'p3' })).resolves.toBeDefined();
    provider.clearFailures('u1');
    await expect(provider.transfer({ ...payout, payoutId: 'p2' })).resolves.toEqual({ reference: 'sbx_po_p2' });
  });

  it('a told outage fails the given number of calls, replays included, and is not a decline', async () => {
    const provider = new SandboxPayoutProvider({ clock });
    await provider.transfer(payout);
    provider.failTransfersTo('u1', { mode: 'unavailable', times: 2 });
    const outage = provider.transfer(payout);
    await expect(outage).rejects.toThrow('unavailable');
    await expect(outage).rejects.not.toBeInstanceOf(PayoutDeclinedError);
    await expect(provider.transfer({ ...payout, payoutId: 'p2' })).rejects.toThrow('unavailable');
    expect(provider.sentTransfers().map((t) => t.payoutId)).toEqual(['p1']);
    await expect(provider.transfer({ ...payout, payoutId: 'p2' })).resolves.toEqual({ reference: 'sbx_po_p2' });
  });
});
