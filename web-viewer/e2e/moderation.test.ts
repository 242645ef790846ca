import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';
const TAKE_DOWN_REASON = 'Counterfeit: the brand logo is misspelled and the leather is synthetic';
const SUSPEND_REASON = 'Repeated counterfeit listings';
const END_REASON = 'Selling counterfeit watches live after a warning';
const REVIEW_REASON = 'Shares a staff member’s phone number';

const pageErrors = (tracked: { problems: string[] }) => tracked.problems.filter((p) => p.startsWith('pageerror'));

async function signIn(page: Page, form: string, email: string): Promise<void> {
  await page.fill(`form[aria-label="${form}"] input[name="email"]`, email);
  await page.fill(`form[aria-label="${form}"] input[name="password"]`, PASSWORD);
  await page.click(`form[aria-label="${form}"] button[type="submit"]`);
}

describe('moderation in Chromium: a viewer reports, an admin takes down, suspends and ends a live show, those affected see it', () => {
  const suite = useBrowserSuite();
  const { open } = suite;

  /** An admin account: registered like anyone, then given the role as `npm run admin:grant` does. */
  async function makeAdmin(displayName: string): Promise<{ email: string }> {
    const email = `admin-${Date.now().toString(36)}@example.test`;
    const registered = await suite.engine.http('POST', '/api/auth/register', { body: { email, password: PASSWORD, displayName } });
    expect(registered.status).toBe(201);
    await suite.engine.services.auth.grantRole(email, 'admin');
    return { email };
  }

  // Runs first, on the suite's fresh engine: nothing is reported or logged yet.
  it('shows the empty states on a quiet platform, and a failed list in words with a retry', async () => {
    const admin = await makeAdmin('Grace Admin');
    const moderating = await open('/admin');
    const a = moderating.page;
    await signIn(a, 'Admin sign-in', admin.email);
    await a.waitForFunction(() => document.querySelector('#cases-state')?.textContent?.includes('No open reports'));
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-empty.png'), fullPage: true });
    await a.click('#case-filters button[data-status="dismissed"]');
    await a.waitForFunction(() => document.querySelector('#cases-state')?.textContent?.includes('Nothing dismissed yet'));
    await a.click('#tab-merchants');
    await a.fill('#merchant-q', 'no-such-shop-anywhere');
    await a.waitForFunction(() => document.querySelector('#merchants-state')?.textContent?.includes('No merchant matches'));
    await a.locator('#panel-merchants').screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-merchants-empty.png') });

    await a.route('**/api/admin/moderation-log*', (route) => route.abort());
    await a.click('#tab-log');
    await a.waitForFunction(() => document.querySelector('#log-state')?.textContent?.includes('Could not load the log'));
    expect(await a.textContent('#log-state')).toContain('Could not reach the server');
    await a.locator('#panel-log').screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-log-error.png') });
    await a.unroute('**/api/admin/moderation-log*');
    await a.click('#log-state button');
    await a.waitForFunction(() => document.querySelector('#log-state')?.textContent?.includes('Nothing logged yet'));
    expect(pageErrors(moderating)).toEqual([]);
  }, 60_000);

  it('reports a product, takes it down, suspends and reinstates its merchant, and logs every action', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant'], { displayName: 'Lotus Leather Co.' });
    const tote = await make.product(merchant.token, { title: 'Designer leather tote', priceCents: 129900, stock: 20 });
    const wallet = await make.product(merchant.token, { title: 'Card wallet', priceCents: 19900, stock: 50 });
    const otherMerchant = await make.user(['merchant'], { displayName: 'Harbour Tea House' });
    const tea = await make.product(otherMerchant.token, { title: 'Longjing green tea', priceCents: 16800 });
    const viewer = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const [second, third] = await Promise.all([
      make.user(['viewer'], { displayName: 'Wang Fang' }),
      make.user(['viewer'], { displayName: 'Zhou Jie' }),
    ]);
    const admin = await makeAdmin('Ada Admin');
    const report = (token: string, body: Record<string, unknown>) => engine.http('POST', '/api/reports', { token, body });
    expect((await report(second.token, { targetType: 'product', targetId: tote.id, reason: 'counterfeit' })).status).toBe(201);
    expect((await report(third.token, { targetType: 'product', targetId: tote.id, reason: 'misleading' })).status).toBe(201);
    expect((await report(third.token, { targetType: 'product', targetId: tea.id, reason: 'other', details: 'Tastes odd' })).status).toBe(
      201,
    );

    // The viewer reports the tote from its page: a reason is needed, then a thank-you; a second report is recognised.
    const viewing = await open(`/products/${tote.id}`, viewer);
    const v = viewing.page;
    await v.waitForSelector('#product:not([hidden])');
    await v.click('#report-button');
    await v.waitForSelector('#report-dialog[open]');
    await v.click('#report-submit');
    expect(await v.textContent('#report-error')).toContain('Choose what is wrong');
    await v.selectOption('#report-reason', 'counterfeit');
    await v.fill('#report-details', 'The logo is misspelled: this is not the real brand.');
    await v.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-report-dialog.png') });
    await v.click('#report-submit');
    await v.waitForSelector('#report-done');
    expect(await v.textContent('#report-done h2')).toBe('Thanks, our team will review it');
    await v.click('#report-done .modal-actions button');
    await v.waitForSelector('#report-dialog[open]', { state: 'hidden' });
    await v.click('#report-button');
    await v.selectOption('#report-reason', 'scam');
    await v.click('#report-submit');
    await v.waitForSelector('#report-done');
    expect(await v.textContent('#report-done h2')).toBe('You already reported this');
    await v.keyboard.press('Escape');

    // From a live show's page the viewer reports the show itself; its host is not offered the entry.
    const kol = await make.user(['kol'], { displayName: 'Host Xiao' });
    const show = await make.stream(kol.token, { title: 'Late-night handbag haul' });
    const watching = await open(`/live/${show.id}`, viewer);
    const w = watching.page;
    await w.waitForSelector('#report-button:not([hidden])');
    await w.click('#report-button');
    expect(await w.textContent('#report-title')).toBe('Report this live show');
    await w.selectOption('#report-reason', 'offensive');
    await w.click('#report-submit');
    await w.waitForSelector('#report-done');
    await w.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-report-live-done.png') });
    expect(await w.textContent('#report-done h2')).toBe('Thanks, our team will review it');
    const hosting = await open(`/live/${show.id}`, kol);
    await hosting.page.waitForFunction(() => document.title.startsWith('Late-night handbag haul'));
    expect(await hosting.page.isVisible('#report-button')).toBe(false);

    // A signed-in viewer who is not an admin is told the page is not for them.
    const stranger = await open('/admin', viewer);
    await stranger.page.waitForSelector('#not-admin:not([hidden])');
    expect(await stranger.page.textContent('#not-admin-title')).toBe('This page is for Streamcart admins');
    expect(await stranger.page.isVisible('#console')).toBe(false);

    // The admin signs in and sees the tote's case first: three reports, counted per reason, the latest words.
    const moderating = await open('/admin');
    const a = moderating.page;
    await signIn(a, 'Admin sign-in', admin.email);
    const toteCase = a.locator(`#case-list > li[data-target-id="${tote.id}"]`);
    await toteCase.waitFor();
    const caseIds = await a.locator('#case-list > li').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.targetId));
    expect(caseIds).toEqual([tote.id, tea.id, show.id]);
    const caseText = await toteCase.textContent();
    expect(caseText).toContain('Designer leather tote');
    expect(caseText).toContain('by Lotus Leather Co.');
    expect(caseText).toContain('3 reports');
    expect(await toteCase.locator('.reason-chip[data-reason="counterfeit"]').textContent()).toBe('Counterfeit or fake× 2');
    expect(await toteCase.locator('.reason-chip[data-reason="misleading"]').textContent()).toBe('Misleading description or price× 1');
    expect(await toteCase.locator('.case-latest').textContent()).toContain('“The logo is misspelled: this is not the real brand.”');
    expect(await toteCase.locator('.case-latest').textContent()).toContain('Latest: Han Meimei');
    expect(await toteCase.locator('a.case-title').getAttribute('href')).toBe(`/products/${tote.id}`);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-reports.png'), fullPage: true });

    // Take down asks for a reason the merchant reads; without one nothing is sent.
    await toteCase.locator('button[data-action="takeDown"]').click();
    await a.waitForSelector('#reason-dialog[open]');
    await a.click('#reason-confirm');
    expect(await a.textContent('#reason-error')).toContain('Write the reason');
    await a.fill('#reason-text', TAKE_DOWN_REASON);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-take-down-dialog.png') });
    await a.click('#reason-confirm');
    await a.waitForSelector('#reason-dialog[open]', { state: 'hidden' });
    await a.waitForSelector(`#case-list > li[data-target-id="${tote.id}"][data-status="actioned"]`);
    expect(await toteCase.locator('.target-status').textContent()).toBe('Taken down');
    expect(await toteCase.locator('.case-done').textContent()).toContain('Taken down: the product is hidden and off sale');
    expect(await toteCase.locator('button[data-action="restore"]').isVisible()).toBe(true);
    expect((await engine.http('GET', `/api/products/${tote.id}`)).status).toBe(404);

    // The tea's case is dismissed with a note.
    const teaCase = a.locator(`#case-list > li[data-target-id="${tea.id}"]`);
    await teaCase.locator('button[data-action="dismiss"]').click();
    await a.fill('#reason-text', 'Taste is not a policy matter');
    await a.click('#reason-confirm');
    await a.waitForSelector(`#case-list > li[data-target-id="${tea.id}"][data-status="dismissed"]`);
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-after-actions.png'), fullPage: true });

    // Open cases, read again, are only the show's (which offers just Dismiss); the actioned ones list the tote.
    await a.click('#case-filters button[data-status="open"]');
    await a.waitForFunction(() => document.querySelectorAll('#case-list > li[data-target-id]').length === 1);
    const showCase = a.locator(`#case-list > li[data-target-id="${show.id}"]`);
    expect(await showCase.getAttribute('data-target-type')).toBe('stream');
    expect(await showCase.locator('a.case-title').getAttribute('href')).toBe(`/live/${show.id}`);
    expect(await showCase.locator('.reason-chip').textContent()).toBe('Offensive or inappropriate× 1');
    expect(await showCase.locator('.case-actions button').evaluateAll((b) => b.map((x) => x.textContent))).toEqual(['Dismiss']);
    await a.click('#case-filters button[data-status="actioned"]');
    await toteCase.waitFor();
    expect(await toteCase.locator('.case-resolution').textContent()).toContain('Actioned');

    // The viewer's page, reloaded, says the product is gone, and offers a way on.
    await v.reload();
    await v.waitForSelector('#product-not-found:not([hidden])');
    expect(await v.textContent('#not-found-title')).toBe('This product is no longer available');
    expect(await v.isVisible('#product')).toBe(false);
    await v.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-product-gone.png') });

    // The merchant's console shows the take-down with its reason on the product.
    const selling = await open('/merchant', merchant);
    const m = selling.page;
    const toteTile = m.locator(`#product-list > li[data-product-id="${tote.id}"]`);
    await toteTile.waitFor();
    expect(await toteTile.getAttribute('data-status')).toBe('taken_down');
    expect(await toteTile.locator('.moderation-badge').textContent()).toBe(`Taken down: ${TAKE_DOWN_REASON}`);
    expect(await m.isVisible('#suspended-banner')).toBe(false);
    expect(await m.isDisabled('#sale-submit')).toBe(false);
    await toteTile.scrollIntoViewIfNeeded();
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-merchant-taken-down.png') });

    // The admin finds the merchant and suspends the shop.
    await a.click('#tab-merchants');
    await a.fill('#merchant-q', 'Lotus');
    const merchantRow = a.locator(`#merchant-list > li[data-merchant-id="${merchant.user.id}"]`);
    await merchantRow.waitFor();
    await a.waitForFunction(() => document.querySelectorAll('#merchant-list > li:not(.is-loading)').length === 1);
    expect(await merchantRow.textContent()).toContain('2 products');
    await merchantRow.locator('button[data-action="suspend"]').click();
    await a.fill('#reason-text', SUSPEND_REASON);
    await a.click('#reason-confirm');
    await a.waitForSelector(`#merchant-list > li[data-merchant-id="${merchant.user.id}"][data-status="suspended"]`);
    expect(await merchantRow.locator('.suspension-reason').textContent()).toBe(SUSPEND_REASON);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-merchant-suspended.png'), fullPage: true });

    // The merchant's open console, without a reload: the red banner with the reason, creating and
    // scheduling disabled, the wallet hidden.
    await m.waitForSelector('#suspended-banner:not([hidden])');
    expect(await m.textContent('#suspended-banner strong')).toBe(`Your shop is suspended: ${SUSPEND_REASON}.`);
    expect(await m.textContent('#suspended-banner')).toContain('Contact support.');
    await m.waitForSelector(`#product-list > li[data-product-id="${wallet.id}"][data-status="suspended"]`);
    expect(await m.isDisabled('#sale-submit')).toBe(true);
    expect(await m.locator('#product-list button').count()).toBe(0);
    await m.evaluate(() => window.scrollTo(0, 0));
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-merchant-suspended.png'), fullPage: true });

    // Reinstated: the banner goes, the wallet is listed again, scheduling works; the tote stays down.
    await merchantRow.locator('button[data-action="reinstate"]').click();
    await a.click('#reason-confirm');
    await a.waitForSelector(`#merchant-list > li[data-merchant-id="${merchant.user.id}"][data-status="active"]`);
    await m.waitForSelector(`#product-list > li[data-product-id="${wallet.id}"][data-status="active"]`);
    expect(await m.isVisible('#suspended-banner')).toBe(false);
    expect(await m.isDisabled('#sale-submit')).toBe(false);
    expect(await toteTile.getAttribute('data-status')).toBe('taken_down');

    // The log lists every action, newest first, with who did it and why.
    await a.click('#tab-log');
    await a.waitForFunction(() => document.querySelectorAll('#log-list > li[data-action]').length === 4);
    const actions = await a.locator('#log-list > li').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action));
    expect(actions).toEqual(['reinstate', 'suspend', 'dismiss', 'take_down']);
    const takeDownEntry = await a.locator('#log-list > li[data-action="take_down"]').textContent();
    expect(takeDownEntry).toContain('Designer leather tote');
    expect(takeDownEntry).toContain(TAKE_DOWN_REASON);
    expect(takeDownEntry).toContain('Ada Admin');
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-log.png'), fullPage: true });

    // On a phone the admin's lists stack.
    await a.setViewportSize({ width: 390, height: 844 });
    await a.click('#tab-reports');
    await a.waitForSelector('#case-list > li[data-target-id]');
    await a.evaluate(() => window.scrollTo(0, 0));
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-phone.png'), fullPage: true });

    for (const tracked of [viewing, watching, hosting, stranger, moderating, selling]) expect(pageErrors(tracked)).toEqual([]);
  }, 120_000);

  it('ends a reported live show from the Reports tab: the open viewer page and the studio say Streamcart ended it', async () => {
    const { engine, make } = suite;
    const kol = await make.user(['kol'], { displayName: 'Host Jin' });
    const show = await make.stream(kol.token, { title: 'Midnight watch bargains' });
    expect((await engine.http('POST', `/api/streams/${show.id}/start`, { token: kol.token })).status).toBe(200);
    const upcoming = await make.stream(kol.token, { title: 'Watch bargains, part two' });
    const [first, second] = await Promise.all([make.user(), make.user()]);
    for (const [reporter, streamId] of [
      [first, show.id],
      [second, show.id],
      [second, upcoming.id],
    ] as const) {
      const filed = await engine.http('POST', '/api/reports', {
        token: reporter.token,
        body: { targetType: 'stream', targetId: streamId, reason: 'counterfeit', details: 'Fake watches sold as genuine' },
      });
      expect(filed.status).toBe(201);
    }
    const admin = await makeAdmin('Edda Admin');

    // A viewer watches the show; the host has the studio open (in the room once it counts that viewer).
    const watching = await open(`/live/${show.id}`);
    const w = watching.page;
    await w.waitForFunction(() => document.body.dataset.streamStatus === 'live');
    const hosting = await open(`/studio/${show.id}`, kol);
    const s = hosting.page;
    await s.waitForFunction(() => document.getElementById('stat-viewers')?.textContent === '1', null, { timeout: 15_000 });

    // Only the live show's case offers to end it.
    const moderating = await open('/admin');
    const a = moderating.page;
    await signIn(a, 'Admin sign-in', admin.email);
    const showCase = a.locator(`#case-list > li[data-target-id="${show.id}"]`);
    const upcomingCase = a.locator(`#case-list > li[data-target-id="${upcoming.id}"]`);
    await showCase.waitFor();
    await upcomingCase.waitFor();
    expect(await showCase.locator('.target-status').textContent()).toBe('Live');
    expect(await showCase.locator('.case-actions button').evaluateAll((b) => b.map((x) => x.textContent))).toEqual([
      'End live show…',
      'Dismiss',
    ]);
    expect(await upcomingCase.locator('button[data-action="endStream"]').count()).toBe(0);

    // Ending asks for the reason the host reads.
    await showCase.locator('button[data-action="endStream"]').click();
    await a.waitForSelector('#reason-dialog[open]');
    expect(await a.textContent('#reason-dialog')).toContain('The host is notified with your reason.');
    await a.click('#reason-confirm');
    expect(await a.textContent('#reason-error')).toContain('Write the reason');
    await a.fill('#reason-text', END_REASON);
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-end-show-dialog.png') });
    await a.click('#reason-confirm');
    await a.waitForSelector('#reason-dialog[open]', { state: 'hidden' });
    await a.waitForSelector(`#case-list > li[data-target-id="${show.id}"][data-status="actioned"]`);
    expect(await showCase.locator('.target-status').textContent()).toBe('Ended');
    expect(await showCase.locator('.case-done').textContent()).toBe(
      'Ended the live show: viewers see that Streamcart ended it, and the host was told why.',
    );
    expect(await showCase.locator('button[data-action="endStream"]').count()).toBe(0);
    await showCase.scrollIntoViewIfNeeded();
    await a.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-admin-show-ended.png'), fullPage: true });

    // The viewer page, still open, shows the show finished by Streamcart.
    await w.waitForFunction(() => document.body.dataset.endedBy === 'moderation');
    expect(await w.getAttribute('body', 'data-stream-status')).toBe('ended');
    expect(await w.isVisible('#overlay')).toBe(true);
    expect(await w.textContent('#overlay-title')).toBe('Streamcart ended this show');
    expect(await w.textContent('#overlay-text')).toContain('It broke our community rules.');
    expect(await w.textContent('#stream-subtitle')).toBe('Ended by Streamcart');
    expect(await w.isVisible('#live-badge')).toBe(false);
    await w.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-viewer-show-ended.png') });

    // A viewer who opens the page after the end sees the same: the stream remembers who ended it.
    const arriving = await open(`/live/${show.id}`);
    const late = arriving.page;
    await late.waitForFunction(() => document.body.dataset.endedBy === 'moderation');
    expect(await late.getAttribute('body', 'data-stream-status')).toBe('ended');
    expect(await late.textContent('#overlay-title')).toBe('Streamcart ended this show');
    expect(await late.textContent('#stream-subtitle')).toBe('Ended by Streamcart');

    // The studio says who ended the show and why, and offers no way back on air.
    await s.waitForSelector('#moderation-end:not([hidden])');
    await s.waitForFunction((reason) => document.getElementById('moderation-end')?.textContent?.includes(reason), END_REASON);
    expect(await s.getAttribute('body', 'data-stream-status')).toBe('ended');
    expect(await s.textContent('#preview-overlay-title')).toBe('Ended by Streamcart');
    expect(await s.isVisible('#end-stream')).toBe(false);
    expect(await s.isVisible('#go-live')).toBe(false);
    await s.screenshot({ path: path.join(SCREENSHOTS_DIR, 'moderation-studio-show-ended.png') });

    // Opened again later, the studio still says why (from the host's notification).
    await s.reload();
    await s.waitForSelector('#moderation-end:not([hidden])');
    expect(await s.textContent('#moderation-end')).toContain(END_REASON);

    // The log says it in words.
    await a.click('#tab-log');
    const entry = a.locator(`#log-list > li[data-action="end_stream"][data-target-id="${show.id}"]`);
    await entry.waitFor();
    expect(await entry.locator('.log-action').textContent()).toBe('Ended live show');
    expect(await entry.textContent()).toContain('Midnight watch bargains');
    expect(await entry.textContent()).toContain(END_REASON);
    expect(await entry.textContent()).toContain('Edda Admin');

    for (const tracked of [watching, arriving, hosting, moderating]) expect(pageErrors(tracked)).toEqual([]);
  }, 90_000);

  it('reports a review from the product page and removes it from the Reports tab: gone from the page and its rating', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant']);
    const author = await make.user(['viewer'], { displayName: 'Loud Lu' });
    const product = await make.product(merchant.token, { title: 'Bamboo tea set' });
    const order = await engine.http('POST', '/api/orders', {
      token: author.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    const paid = await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: author.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    const review = await engine.http('POST', `/api/orders/${order.body.id}/review`, {
      token: author.token,
      body: { rating: 1, text: 'Call Mei at 555-0100 and complain' },
    });
    expect(review.status).toBe(201);
    const admin = await makeAdmin('Ria Admin');

    // Its author is not offered to report it; another signed-in buyer is.
    const writing = await open(`/products/${product.id}`, author);
    await writing.page.locator(`#review-list li[data-review-id="${review.body.id}"]`).waitFor();
    expect(await writing.page.isVisible('.review-report')).toBe(false);
    const browsing = await open(`/products/${product.id}`, await make.user());
    const v = browsing.page;
    const item = v.locator(`#review-list li[data-review-id="${review.body.id}"]`);
    await item.waitFor();
    await item.locator('.review-report').click();
    await v.waitForSelector('#report-dialog[open]');
    expect(await v.textContent('#report-title')).toBe('Report this review');
    await v.selectOption('#report-reason', 'offensive');
    await v.click('#report-submit');
    await v.waitForSelector('#report-done');
    expect(await v.textContent('#report-done h2')).toBe('Thanks, our team will review it');
    await v.click('#report-done .modal-actions button');

    // The case shows the review's words and offers to remove it.
    const moderating = await open('/admin');
    const a = moderating.page;
    await signIn(a, 'Admin sign-in', admin.email);
    const kase = a.locator(`#case-list > li[data-target-id="${review.body.id}"]`);
    await kase.waitFor();
    expect(await kase.locator('.case-review-text').textContent()).toBe('Call Mei at 555-0100 and complain');
    expect(await kase.locator('.case-context').textContent()).toContain('by Loud Lu');
    await kase.locator('button[data-action="removeReview"]').click();
    await a.waitForSelector('#reason-dialog[open]');
    await a.fill('#reason-text', REVIEW_REASON);
    await a.click('#reason-confirm');
    await a.waitForSelector(`#case-list > li[data-target-id="${review.body.id}"][data-status="actioned"]`);
    expect(await kase.locator('.target-status').textContent()).toBe('Removed');
    expect(await kase.locator('button[data-action="removeReview"]').count()).toBe(0);

    // Opened again, the product page has neither the review nor its stars.
    await v.reload();
    await v.waitForSelector('#reviews-empty:not([hidden])');
    expect(await item.count()).toBe(0);
    expect(await v.getAttribute('#product-rating', 'aria-label')).toBe('No reviews yet');

    await a.click('#tab-log');
    const entry = a.locator(`#log-list > li[data-action="remove_review"][data-target-id="${review.body.id}"]`);
    await entry.waitFor();
    expect(await entry.locator('.log-action').textContent()).toBe('Removed review');
    expect(await entry.textContent()).toContain(REVIEW_REASON);

    for (const tracked of [writing, browsing, moderating]) expect(pageErrors(tracked)).toEqual([]);
  }, 90_000);
});
