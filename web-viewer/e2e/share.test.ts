import { describe, expect, it } from 'vitest';
import { publishVideo } from '../../server/test/fake-publisher.ts';
import { eventually } from '../../server/test/harness.ts';
import { useBrowserSuite } from './browser-suite.ts';
import type { TrackedPage } from './chromium.ts';

const PASSWORD = 'correct horse battery';
const ADDRESS = { name: 'Han Meimei', line1: '88 Nanjing Road', city: 'Shanghai', postalCode: '200001', country: 'CN' };

describe('sharing, following and the "for you" home page in Chromium', () => {
  // With media: a show is listed LIVE, and its followers hear of it, once its first track arrives (ADR 0014).
  const suite = useBrowserSuite({ engine: { withMedia: true } });
  const { open, shot } = suite;

  const pageErrors = (tracked: TrackedPage) => tracked.problems.filter((p) => p.startsWith('pageerror'));

  it('a viewer shares a stream, a friend arrives through the link, signs in and buys, and the sharer sees the pending earning', async () => {
    const merchant = await suite.make.user(['merchant']);
    const kol = await suite.make.user(['kol']);
    const sharer = await suite.make.user(['viewer'], { displayName: 'Sharing Sam' });
    const friend = await suite.make.user(['viewer'], { displayName: 'Friend Fei' });
    const product = await suite.make.product(merchant.token, { title: 'Longjing green tea', priceCents: 16800, stock: 30 });
    const stream = await suite.make.stream(kol.token, { title: 'Tea tasting, live' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    await suite.engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });

    // The sharer copies a link that credits them.
    const sharing = await open(`/live/${stream.id}`, sharer);
    const s = sharing.page;
    await s.waitForSelector('#product-card:not([hidden])');
    const shareAt = performance.now();
    await s.click('#share-button');
    await s.waitForFunction(() => document.querySelector('#share-status')?.textContent?.startsWith('Link copied.'));
    const copyMs = Math.round(performance.now() - shareAt);
    expect(await s.textContent('#share-status')).toBe('Link copied. You earn when friends buy through it.');
    const shareUrl = await s.evaluate(() => navigator.clipboard.readText());
    expect(shareUrl).toMatch(new RegExp(`^${suite.engine.url}/s/[A-Za-z0-9_-]+$`));
    const code = shareUrl.split('/s/')[1];
    await s.waitForFunction(() => document.querySelector('#share-link-stats')?.textContent === 'Your link: 0 visits, 0 orders');
    await shot(sharing, 'share-link-copied');

    // The friend opens it: the stream page, with the code remembered in a cookie.
    const arriving = await open('/');
    const f = arriving.page;
    const arriveAt = performance.now();
    await f.goto(shareUrl);
    await f.waitForSelector('#product-card:not([hidden])');
    const arriveMs = Math.round(performance.now() - arriveAt);
    expect(f.url()).toBe(`${suite.engine.url}/live/${stream.id}`);
    expect(await arriving.context.cookies()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'sc_ref', value: code, httpOnly: true })]),
    );

    // Buy asks the signed-out friend to sign in inside the sheet, then takes the address.
    await f.click('#product-buy');
    await f.waitForSelector('#checkout[open] #checkout-sign-in form');
    expect(await f.isVisible('#checkout-form')).toBe(false);
    await f.fill('#checkout-sign-in input[name=email]', friend.user.email);
    await f.fill('#checkout-sign-in input[name=password]', PASSWORD);
    await f.click('#checkout-sign-in button[type=submit]');
    await f.waitForSelector('#checkout-form:not([hidden])');
    expect(await f.textContent('#signed-in')).toContain('Commenting as Friend Fei');
    for (const [field, value] of Object.entries(ADDRESS)) await f.fill(`#checkout-${field}`, value);
    const payAt = performance.now();
    await f.click('#checkout-pay');
    await f.waitForSelector('#checkout-status[data-status="paid"]', { timeout: 15_000 });
    const paidAt = performance.now();
    await shot(arriving, 'share-friend-paid');

    // The order carries the sharer's code (from the cookie), and the sharer's page shows the pending earning.
    const [order] = (await suite.engine.http('GET', '/api/me/orders', { token: friend.token })).body.items;
    const earnings = await eventually(
      async () => (await suite.engine.http('GET', '/api/me/earnings', { token: sharer.token })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.entries).toEqual([expect.objectContaining({ orderId: order.id, kind: 'referral_commission', status: 'pending' })]);
    const pending = await s.evaluate(
      (cents) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'CNY' }).format(cents / 100),
      earnings.pendingCents,
    );
    await s.waitForFunction(
      (text) => document.querySelector('#share-earnings')?.textContent?.startsWith(text),
      `Earnings: ${pending} pending`,
      { timeout: 20_000 },
    );
    const earningShownMs = Math.round(performance.now() - paidAt);
    expect(await s.textContent('#share-link-stats')).toBe('Your link: 1 visit, 1 order');
    await shot(sharing, 'share-sharer-earning');
    expect((await suite.engine.http('GET', '/api/me/share-links', { token: sharer.token })).body.items[0]).toMatchObject({
      code,
      clicks: 1,
      orders: 1,
      earnedCents: earnings.pendingCents,
    });
    expect(pageErrors(sharing)).toEqual([]);
    expect(pageErrors(arriving)).toEqual([]);
    process.stdout.write(
      `[e2e] share: link copied in ${copyMs} ms; friend on the stream ${arriveMs} ms after opening the link; ` +
        `paid ${Math.round(paidAt - payAt)} ms after Pay; sharer saw ${pending} pending ${earningShownMs} ms after the payment\n`,
    );
  }, 90_000);

  it('a newcomer signs up on the home page, follows and joins the fan group on a stream, then sees it first in "for you" and hears live when the host goes live', async () => {
    const kol = await suite.make.user(['kol'], { displayName: 'Chef Wang' });
    const stream = await suite.make.stream(kol.token, { title: 'Dumplings from scratch' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    await publishVideo(suite.engine, kol.token, stream.id);

    // Signed out, the home page offers the popular feed and a way to sign in.
    const home = await open('/');
    const p = home.page;
    const card = p.locator('.stream-card', { hasText: 'Dumplings from scratch' });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.feed-reason').textContent()).toMatch(/^Live now, \d+ watching$/);
    expect(await p.isVisible('#notifications')).toBe(false);
    // A newcomer creates an account from the header and is signed in at once.
    await p.click('#account-button');
    await p.click('#account-panel button:text("Create an account")');
    await p.fill('#account-panel input[name=displayName]', 'Dumpling fan');
    await p.fill('#account-panel input[name=email]', `dumpling-${Date.now()}@example.test`);
    await p.fill('#account-panel input[name=password]', PASSWORD);
    await p.click('#account-panel button[type=submit]');
    await p.waitForFunction(() => document.querySelector('#account-button')?.textContent?.includes('Dumpling fan'));
    await p.waitForSelector('#notifications:not([hidden])');
    expect(await p.isVisible('#account-panel')).toBe(false);
    expect(await p.textContent('#feed-subtitle')).toContain('Picked for Dumpling fan');
    const fan = await p.evaluate(() => JSON.parse(localStorage.getItem('streamcart.session') ?? '{}') as { token: string });

    // On the stream: follow, join the fan group, and comment with the fan badge.
    await card.locator('a').click();
    await p.waitForURL(`**/live/${stream.id}`);
    await p.waitForFunction(() => document.querySelector('#follower-count')?.textContent === '0 followers');
    expect(await p.textContent('#host-name')).toBe('Chef Wang');
    await p.click('#follow-button');
    await p.waitForFunction(() => document.querySelector('#follower-count')?.textContent === '1 follower');
    expect(await p.getAttribute('#follow-button', 'aria-pressed')).toBe('true');
    expect(await p.textContent('#follow-button')).toBe('Following');
    await p.click('#fan-join-button');
    await p.waitForSelector('#fan-badge:not([hidden])');
    expect(await p.textContent('#fan-badge')).toBe('Fan · Lv 1');
    expect(await p.isVisible('#fan-join-button')).toBe(false);
    await p.fill('#comment-text', 'Saving my seat!');
    await p.click('#comment-form button[type=submit]');
    const comment = p.locator('#comments li', { hasText: 'Saving my seat!' });
    await comment.waitFor({ timeout: 10_000 });
    expect(await comment.locator('.fan-badge').textContent()).toBe('Lv 1');
    await shot(home, 'social-follow-fan');
    expect((await suite.engine.http('GET', `/api/kols/${kol.user.id}`, { token: fan.token })).body).toMatchObject({
      followerCount: 1,
      isFollowing: true,
    });

    // Back home, the followed host comes first, with the reason.
    await p.goto(`${suite.engine.url}/`);
    const first = p.locator('#feed-list .feed-item').first();
    await first.waitFor();
    expect(await first.locator('h2').textContent()).toBe('Dumplings from scratch');
    expect(await first.locator('.feed-reason').textContent()).toBe('Because you follow Chef Wang');
    expect(await p.isVisible('#notifications-count')).toBe(false);

    // The host goes live again: the bell rings at once, and the menu marks it read.
    const encore = await suite.make.stream(kol.token, { title: 'Dumplings, the encore' });
    const liveAt = performance.now();
    await suite.engine.http('POST', `/api/streams/${encore.id}/start`, { token: kol.token });
    await publishVideo(suite.engine, kol.token, encore.id);
    await p.waitForFunction(() => document.querySelector('#notifications-count')?.textContent === '1', null, { timeout: 10_000 });
    const bellMs = Math.round(performance.now() - liveAt);
    await p.click('#notifications-button');
    const item = p.locator('#notifications-list .notification').first();
    expect(await item.textContent()).toContain('Now live: Dumplings, the encore');
    expect(await item.getAttribute('class')).toContain('is-unread');
    await shot(home, 'home-feed-notifications');
    await p.click('#notifications-read-all');
    await p.waitForSelector('#notifications-count', { state: 'hidden' });
    await eventually(
      async () => (await suite.engine.http('GET', '/api/me/notifications', { token: fan.token })).body.unreadCount,
      (n) => n === 0,
    );
    await item.locator('a').click();
    await p.waitForURL(`**/live/${encore.id}`);

    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(`${suite.engine.url}/`);
    await p.locator('#feed-list .feed-item').first().waitFor();
    await shot(home, 'home-feed-mobile');
    expect(pageErrors(home)).toEqual([]);
    process.stdout.write(`[e2e] follow: bell rang ${bellMs} ms after the followed host went live\n`);
  }, 90_000);
});
