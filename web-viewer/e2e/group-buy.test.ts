import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './browser-suite.ts';

const ADDRESS = { name: 'Han Meimei', line1: '8 Nanjing Road', city: 'Shanghai', postalCode: '200001', country: 'cn' };

/** Fills the card's address form when the card asks for it. */
async function fillGroupAddress(page: Page): Promise<void> {
  for (const [field, value] of Object.entries(ADDRESS)) await page.fill(`#group-address input[name="${field}"]`, value);
}

const progress = (page: Page) => page.textContent('#group-progress');

/** Waits until the card shows the viewer as a member, and answers the action button's text. */
async function memberAction(page: Page): Promise<string | null> {
  await page.waitForSelector('#group-member:not([hidden])', { timeout: 15_000 });
  expect(await page.textContent('#group-member')).toBe("You're in this group");
  return page.textContent('#group-action');
}

describe('the group-buy card on the stream page in Chromium', () => {
  const suite = useBrowserSuite();
  const { open, shot } = suite;

  it('one viewer starts a group and pays, a second joins from the share link and pays, and both see it succeed', async () => {
    const merchant = await suite.make.user(['merchant']);
    const kol = await suite.make.user(['kol']);
    const product = await suite.make.product(merchant.token, { title: 'Jasmine tea set', priceCents: 20000, stock: 20 });
    const stream = await suite.make.stream(kol.token, { title: 'Tea time' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    // The KOL showcases the product, so the merchant's group offer is accepted in the stream at once (ADR 0012).
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const created = await suite.engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: product.id, streamId: stream.id, groupPriceCents: 12000, groupSize: 2, windowMinutes: 60 },
    });
    expect(created.status).toBe(201);

    // Viewer A sees the offer and starts a group.
    const viewerA = await suite.make.user(['viewer']);
    const a = await open(`/live/${stream.id}`, viewerA);
    const pa = a.page;
    await pa.waitForSelector('#group-buy:not([hidden]) #group-action', { timeout: 15_000 });
    expect(await pa.textContent('#group-buy h2')).toBe('Jasmine tea set');
    expect(await pa.textContent('#group-action')).toMatch(/^Start a group for .*120\.00$/);
    expect(await progress(pa)).toBe('No group yet: start one and share the link within 60 min.');
    expect(await pa.isVisible('#group-member')).toBe(false);
    await shot(a, 'group-buy-offer');

    await pa.click('#group-action');
    await pa.waitForSelector('#group-address:not([hidden])');
    expect(await pa.textContent('#group-error')).toMatch(/Fill in the address/);
    await fillGroupAddress(pa);
    await shot(a, 'group-buy-address');
    await pa.click('#group-action');
    await pa.waitForFunction(() => document.querySelector('#group-action')?.textContent?.startsWith('Pay now · '));
    expect(await memberAction(pa)).toMatch(/120\.00$/);
    expect(await progress(pa)).toMatch(/^1 of 2 joined, (1:00:00|59:[0-5]\d) left$/);
    expect(await pa.isVisible('#group-address')).toBe(false);
    expect(await pa.isVisible('#group-error')).toBe(false);

    // The same viewer opens the stream in a new tab (no state shared with the first): the server
    // says they are in the group, so the card offers Pay now, not Join.
    const a2 = await open(`/live/${stream.id}`, viewerA);
    const pa2 = a2.page;
    expect(await memberAction(pa2)).toMatch(/^Pay now · .*120\.00$/);
    expect(await progress(pa2)).toMatch(/^1 of 2 joined/);
    await shot(a2, 'group-buy-member-new-tab');

    await pa.click('#group-action');
    await pa.waitForFunction(() => document.querySelector('#group-action')?.textContent === 'Paid · waiting for the group');
    // The other tab hears of the payment and shows it too.
    await pa2.waitForFunction(() => document.querySelector('#group-action')?.textContent === 'Paid · waiting for the group', null, {
      timeout: 10_000,
    });
    expect(await pa2.isDisabled('#group-action')).toBe(true);
    expect(await pa.textContent('#group-note')).toMatch(/^Paid\. Your payment is held until the group fills/);
    expect(await pa.isVisible('#group-share')).toBe(true);
    await shot(a, 'group-buy-started');
    await pa.click('#group-share');
    await pa.waitForFunction(() => document.querySelector('#group-note')?.textContent === 'Link copied.');
    // A reload keeps the viewer's place in the group.
    await pa.reload();
    await pa.waitForFunction(() => document.querySelector('#group-action')?.textContent === 'Paid · waiting for the group', null, {
      timeout: 15_000,
    });
    expect(await memberAction(pa)).toBe('Paid · waiting for the group');
    expect(await progress(pa)).toMatch(/^1 of 2 joined/);

    // Viewer B opens the share link.
    const [mine] = (await suite.engine.http('GET', '/api/me/orders', { token: viewerA.token })).body.items;
    expect(mine).toBeDefined();
    const offers = (await suite.engine.http('GET', `/api/group-offers?streamId=${stream.id}`)).body.items;
    const group = offers[0].openGroups[0];
    expect(await pa.evaluate(() => navigator.clipboard.readText())).toBe(group.shareUrl);
    const share = new URL(group.shareUrl);
    expect(share.pathname).toBe(`/live/${stream.id}`);
    expect(share.searchParams.get('group')).toBe(group.id);

    const viewerB = await suite.make.user(['viewer']);
    const b = await open(`${share.pathname}${share.search}`, viewerB);
    const pb = b.page;
    await pb.waitForFunction(
      () => /^1 of 2 joined, \d+:\d\d left$/.test(document.querySelector('#group-progress')?.textContent ?? ''),
      null,
      {
        timeout: 15_000,
      },
    );
    expect(await pb.textContent('#group-action')).toMatch(/^Join for .*120\.00$/);
    expect(await pb.isVisible('#group-member')).toBe(false);
    await shot(b, 'group-buy-share-link');
    await pb.click('#group-action');
    await pb.waitForSelector('#group-address:not([hidden])');
    await fillGroupAddress(pb);
    await pb.click('#group-action');
    await pb.waitForFunction(() => document.querySelector('#group-action')?.textContent?.startsWith('Pay now · '));
    expect(await progress(pb)).toMatch(/^2 of 2 joined/);
    // B reloads the share link before paying: still a member with an unpaid order, not offered Join.
    await pb.reload();
    await pb.waitForFunction(() => /^2 of 2 joined/.test(document.querySelector('#group-progress')?.textContent ?? ''), null, {
      timeout: 15_000,
    });
    expect(await memberAction(pb)).toMatch(/^Pay now · .*120\.00$/);
    await shot(b, 'group-buy-member-reloaded');
    // A sees the second member live.
    await pa.waitForFunction(() => document.querySelector('#group-progress')?.textContent?.startsWith('2 of 2 joined'), null, {
      timeout: 10_000,
    });
    await pb.click('#group-action');

    // Both pages show the group filled, live.
    const filled = 'Group filled: 2 of 2 paid. Orders are on their way.';
    for (const p of [pa, pb, pa2]) {
      await p.waitForFunction((text) => document.querySelector('#group-progress')?.textContent === text, filled, { timeout: 10_000 });
    }
    for (const p of [pa, pb]) {
      expect(await p.textContent('#group-action')).toBe('Paid · group filled');
      expect(await p.isDisabled('#group-action')).toBe(true);
      expect(await p.isVisible('#group-share')).toBe(false);
      expect(await p.textContent('#group-note')).toBe('');
    }
    expect(await pa.isVisible('#group-error')).toBe(false);
    expect(await pb.isVisible('#group-error')).toBe(false);
    await shot(a, 'group-buy-succeeded-a');
    await shot(b, 'group-buy-succeeded-b');

    const done = (await suite.engine.http('GET', `/api/groups/${group.id}`)).body;
    expect(done).toMatchObject({ status: 'succeeded', joined: 2, paid: 2 });
    for (const tracked of [a, a2, b]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 60_000);
});
