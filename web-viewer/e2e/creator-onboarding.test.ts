import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { eventually } from '../../server/test/harness.ts';
import { makeAdmin } from '../../server/test/moderation-admin.ts';
import { useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';

/** The page scrolls sideways when its content is wider than the screen. */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** "2026-12-24T20:00" an hour from now in the browser's zone, as a datetime-local input takes it. */
const inAnHourLocal = (page: Page) =>
  page.evaluate(() => {
    const d = new Date(Date.now() + 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });

/** Fills the sign-up form inside `scope` (the account panel, the checkout's sign-in box …) and sends it. */
async function signUp(page: Page, scope: string, who: { name: string; email: string; role: 'viewer' | 'kol' | 'merchant' }): Promise<void> {
  await page.click(`${scope} button:text("Create an account")`);
  await page.fill(`${scope} input[name=displayName]`, who.name);
  await page.fill(`${scope} input[name=email]`, who.email);
  await page.fill(`${scope} input[name=password]`, PASSWORD);
  await page.check(`${scope} input[type=radio][value=${who.role}]`);
}

describe('a new creator in Chromium: sign up, plan a show with products, go live and sell', () => {
  const suite = useBrowserSuite({ engine: { withMedia: true } });
  const { open, shot } = suite;

  it('signs up as a creator, schedules a show with products and their commission, goes live from the studio, and a viewer who signs up inside checkout buys', async () => {
    const merchant = await suite.make.user(['merchant']);
    const tea = await suite.make.product(merchant.token, {
      title: 'Longjing green tea',
      priceCents: 8800,
      kolCommissionBps: 1500,
      imageUrl: `${suite.engine.url}/demo/tea.svg`,
    });
    const lamp = await suite.make.product(merchant.token, {
      title: 'Walnut desk lamp',
      priceCents: 45900,
      kolCommissionBps: 1000,
      imageUrl: `${suite.engine.url}/demo/lamp.svg`,
    });

    // Sign-up from the header asks what the person wants to do; a creator lands on My shows.
    const creator = await open('/');
    const c = creator.page;
    await c.click('#account-button');
    const email = `mei-${Date.now()}@example.test`;
    await signUp(c, '#account-panel', { name: 'Mei Tea', email, role: 'kol' });
    await shot(creator, 'onboarding-sign-up');
    await c.click('#account-panel form button[type=submit]');
    await c.waitForURL('**/shows', { timeout: 15_000 });
    await c.locator('#plan-show:not([hidden])').waitFor({ timeout: 10_000 });

    // Plan a show: title, time, cover, two products, each saying what it pays.
    await c.click('#plan-show');
    await c.fill('#show-title', 'Friday tea tasting');
    await c.fill('#show-time', await inAnHourLocal(c));
    await c.fill('#show-cover', '/demo/tea.svg');
    await c.locator(`#product-results li[data-product-id="${tea.id}"]`).waitFor({ timeout: 10_000 });
    expect(await c.textContent(`#product-results li[data-product-id="${tea.id}"] .earn`)).toMatch(/You earn .*13\.20 a sale \(15%\)/);
    await c.click(`#product-results li[data-product-id="${tea.id}"] .feature-button`);
    await c.fill('#product-query', 'lamp');
    await c.locator(`#product-results li[data-product-id="${lamp.id}"]`).waitFor({ timeout: 10_000 });
    await c.waitForFunction(() => document.querySelectorAll('#product-results li').length === 1);
    await c.click(`#product-results li[data-product-id="${lamp.id}"] .feature-button`);
    expect(await c.locator('#picked-products li').count()).toBe(2);
    await shot(creator, 'onboarding-plan-show');
    await c.click('#show-save');
    const card = c.locator('#show-list li.is-scheduled', { hasText: 'Friday tea tasting' });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.show-products li').count()).toBe(2);
    expect(await card.textContent()).toContain('45.90 a sale (10%)');
    expect(await scrollsSideways(c)).toBe(false);
    await shot(creator, 'onboarding-my-shows');
    await c.setViewportSize({ width: 390, height: 844 });
    expect(await scrollsSideways(c)).toBe(false);
    await shot(creator, 'onboarding-my-shows-mobile');
    await c.setViewportSize({ width: 1280, height: 800 });

    // The account menu links the studio of the next show; My shows opens it too.
    const showId = (await card.getAttribute('data-show-id')) ?? '';
    await c.click('#account-button');
    await c.locator('#account-studio').waitFor({ timeout: 10_000 });
    expect(await c.getAttribute('#account-studio', 'href')).toBe(`/studio/${showId}`);
    await c.keyboard.press('Escape');
    await card.locator('a:text("Open studio")').click();
    await c.waitForURL(`**/studio/${showId}`);
    await c.click('#go-live:not([disabled])', { timeout: 15_000 });
    await c.waitForFunction(() => document.body.dataset.publishing === 'live' && document.body.dataset.streamStatus === 'live', null, {
      timeout: 20_000,
    });
    const pin = c.locator(`#studio-showcase li[data-product-id="${tea.id}"] [data-action="pin"]`);
    await pin.click({ timeout: 10_000 });
    await shot(creator, 'onboarding-studio-live');

    // A signed-out viewer presses Buy, creates an account inside the checkout sheet and pays.
    const viewer = await open(`/live/${showId}`);
    const v = viewer.page;
    await v.setViewportSize({ width: 390, height: 844 });
    await v.locator('#product-buy:not([disabled])').click({ timeout: 15_000 });
    await v.waitForSelector('#checkout[open]');
    await signUp(v, '#checkout-sign-in', { name: 'Li Lei', email: `li-${Date.now()}@example.test`, role: 'viewer' });
    await shot(viewer, 'onboarding-checkout-sign-up-mobile');
    await v.click('#checkout-sign-in form button[type=submit]');
    await v.locator('#checkout-form:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await v.textContent('.checkout-item-title')).toBe('Longjing green tea');
    for (const [field, value] of Object.entries(ADDRESS)) await v.fill(`#checkout-${field}`, value);
    await v.click('#checkout-pay');
    await v.waitForFunction(() => document.getElementById('checkout-status')?.dataset.status === 'paid', null, { timeout: 15_000 });
    await shot(viewer, 'onboarding-checkout-paid-mobile');

    // The sale is the creator's: the order names the show, and the commission waits for settlement.
    const kolToken = await c.evaluate(() => (JSON.parse(localStorage.getItem('streamcart.session') ?? '{}') as { token: string }).token);
    const earnings = await eventually(
      async () => (await suite.engine.http('GET', '/api/me/earnings', { token: kolToken })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.pendingCents).toBe(1320);

    // The address went to the buyer's address book on the account, not the browser.
    await v.goto(`${suite.engine.url}/account`);
    await v.locator('#address-list li', { hasText: ADDRESS.line1 }).waitFor({ timeout: 10_000 });
    expect(await v.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('streamcart.address')))).toEqual([]);
    expect(await scrollsSideways(v)).toBe(false);
    await shot(viewer, 'onboarding-account-mobile');

    // The creator's account page: roles, creator bio, and the store offer.
    await c.goto(`${suite.engine.url}/account`);
    await c.locator('#profile-roles .role-badge', { hasText: 'Creator' }).waitFor({ timeout: 10_000 });
    expect(await scrollsSideways(c)).toBe(false);
    await shot(creator, 'onboarding-account');

    for (const tracked of [creator, viewer]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 180_000);
});

describe('a new merchant in Chromium when an admin approves stores (MERCHANT_APPROVAL=admin)', () => {
  const suite = useBrowserSuite({ engine: { env: { MERCHANT_APPROVAL: 'admin' } } });
  const { open, shot } = suite;

  it('signs up to sell, sends the store for approval, and becomes a merchant when an admin approves it in /admin', async () => {
    const seller = await open('/');
    const s = seller.page;
    await s.click('#account-button');
    await signUp(s, '#account-panel', { name: 'Hangzhou Tea House', email: `tea-house-${Date.now()}@example.test`, role: 'merchant' });
    await s.click('#account-panel form button[type=submit]');
    await s.waitForURL('**/account#store', { timeout: 15_000 });
    await s.locator('#store-submit:text("Send for approval")').waitFor({ timeout: 10_000 });

    await s.fill('#store-name', 'Hangzhou Tea House');
    await s.fill('#store-logo', '/demo/tea.svg');
    for (const [field, value] of Object.entries(ADDRESS)) await s.fill(`#store-return-${field}`, value);
    await s.click('#store-submit');
    await s.locator('#store-state[data-status="pending"]').waitFor({ timeout: 10_000 });
    expect(await s.isDisabled('#store-submit')).toBe(true);
    expect(await scrollsSideways(s)).toBe(false);
    await s.locator('#store').scrollIntoViewIfNeeded();
    await shot(seller, 'onboarding-store-pending');

    // The admin answers in the Stores tab of /admin.
    const admin = await makeAdmin(suite.engine, 'Grace Admin');
    const console = await open('/admin', admin);
    const a = console.page;
    await a.click('#tab-stores');
    const row = a.locator('#store-list li[data-status="pending"]', { hasText: 'Hangzhou Tea House' });
    await row.waitFor({ timeout: 10_000 });
    await shot(console, 'onboarding-admin-stores');
    await a.setViewportSize({ width: 390, height: 844 });
    expect(await scrollsSideways(a)).toBe(false);
    await shot(console, 'onboarding-admin-stores-mobile');
    await row.locator('[data-action="approve"]').click();
    await a.click('#reason-confirm');
    await row.waitFor({ state: 'detached', timeout: 10_000 });

    // The waiting page hears of it, swaps in a token with the merchant role, and offers the console.
    await s.locator('#store-console:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await s.textContent('#store-title')).toBe('Your store');
    await s.waitForFunction(
      () =>
        (JSON.parse(localStorage.getItem('streamcart.session') ?? '{}') as { user?: { roles: string[] } }).user?.roles.includes('merchant'),
      null,
      { timeout: 10_000 },
    );
    const token = await s.evaluate(() => (JSON.parse(localStorage.getItem('streamcart.session') ?? '{}') as { token: string }).token);
    expect((await suite.engine.http('GET', '/api/merchants/me/products', { token })).status).toBe(200);
    await s.setViewportSize({ width: 390, height: 844 });
    expect(await scrollsSideways(s)).toBe(false);
    await shot(seller, 'onboarding-store-approved-mobile');
    for (const tracked of [seller, console]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 120_000);
});
