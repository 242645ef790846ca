import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { useBrowserSuite } from './browser-suite.ts';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Where an element is on the screen, and whether all of it is inside the viewport. */
async function placement(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!(element instanceof HTMLElement)) return undefined;
    const box = element.getBoundingClientRect();
    const inside = box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
    // Not covered: the element (or something inside it) is what a tap at its centre reaches.
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {
      top: Math.round(box.top),
      bottom: Math.round(box.bottom),
      height: Math.round(box.height),
      inside,
      onTop: Boolean(hit && element.contains(hit)),
    };
  }, selector);
}

/** The room as a phone shows it: video ≥ 60% of the height, and Buy, the sale's Buy and the comment box on screen with no scrolling. */
async function expectPhoneRoom(page: Page, size: { width: number; height: number }): Promise<Record<string, unknown>> {
  const video = await placement(page, '#video');
  expect(video?.height ?? 0).toBeGreaterThanOrEqual(0.6 * size.height);
  const picture = await page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('#video');
    if (!v?.videoWidth) return 0;
    const box = v.getBoundingClientRect();
    const scale =
      document.body.dataset.videoShape === 'portrait'
        ? Math.max(box.width / v.videoWidth, box.height / v.videoHeight)
        : Math.min(box.width / v.videoWidth, box.height / v.videoHeight);
    return Math.round(v.videoHeight * scale);
  });
  for (const selector of ['#product-buy', '#flash-buy', '#comment-text', '#like-button', '#bar-share', '#showcase-open']) {
    const where = await placement(page, selector);
    expect(where, selector).toMatchObject({ inside: true, onTop: true });
  }
  expect(await page.evaluate(() => document.scrollingElement?.scrollHeight ?? 0)).toBeLessThanOrEqual(size.height);
  expect(await page.evaluate(() => scrollY)).toBe(0);
  return { videoBoxHeight: video?.height, pictureHeight: picture, shape: await page.evaluate(() => document.body.dataset.videoShape) };
}

describe('the mobile live room in Chromium: full-height video, overlays, live stock and the end of the show', () => {
  const suite = useBrowserSuite({
    engine: { withMedia: true },
    onNewPage: (tracked) => tracked.page.on('dialog', (dialog) => void dialog.accept()),
  });
  const { open, shot } = suite;
  const figures: Record<string, unknown> = {};

  afterAll(() => {
    writeFileSync(path.join(RESULTS_DIR, 'mobile-live-room-e2e.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  it('a phone viewer watches, sees stock and purchases move, is stopped at the flash limit, and the end takes Buy off the video', async () => {
    const merchant = await suite.make.user(['merchant']);
    const kol = await suite.make.user(['kol'], { displayName: 'Lin Tea House' });
    const tea = await suite.make.product(merchant.token, {
      title: 'Longjing green tea',
      priceCents: 16800,
      stock: 12,
      imageUrl: `${suite.engine.url}/demo/tea.svg`,
    });
    const scarf = await suite.make.product(merchant.token, {
      title: 'Hand-dyed silk scarf',
      priceCents: 29900,
      stock: 40,
      imageUrl: `${suite.engine.url}/demo/scarf.svg`,
    });
    const stream = await suite.make.stream(kol.token, { title: 'Spring tea picks, live from Hangzhou' });

    // The KOL goes live from the studio with Chromium's fake camera.
    const studio = await open(`/studio/${stream.id}`, kol);
    await studio.page.click('#go-live:not([disabled])', { timeout: 20_000 });
    await studio.page.waitForFunction(
      () => document.body.dataset.publishing === 'live' && document.body.dataset.streamStatus === 'live',
      null,
      {
        timeout: 20_000,
      },
    );
    for (const product of [tea, scarf]) {
      await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    }
    await suite.engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: tea.id } });
    await suite.make.flashSale(merchant.token, {
      productId: scarf.id,
      streamId: stream.id,
      priceCents: 9900,
      quantity: 20,
      perUserLimit: 1,
    });

    const ana = await suite.make.user(['viewer'], { displayName: 'Ana Souza' });
    const watch = await open(`/live/${stream.id}`, ana);
    const v = watch.page;
    await v.setViewportSize({ width: 390, height: 844 });
    await v.waitForFunction(async () => ((await window.streamcartViewer?.stats())?.framesDecoded ?? 0) > 5, null, { timeout: 20_000 });
    await v.waitForSelector('#flash-buy:not([disabled])', { timeout: 15_000 });
    await v.waitForSelector('#product-card:not([hidden])');
    await v.waitForFunction(() => document.body.dataset.videoShape !== undefined && document.body.dataset.videoShape !== 'none');
    figures.phone390 = await expectPhoneRoom(v, { width: 390, height: 844 });
    expect(await v.textContent('#product-stock')).toBe('12 in stock');
    // The pinned card is a different product than the sale's, so it keeps its own price.
    expect(await v.textContent('#product-price')).toMatch(/168\.00/);
    expect(await v.getAttribute('#comments', 'aria-live')).toBe('off');
    expect(await v.getAttribute('#like-button', 'aria-pressed')).toBe('false');
    await v.fill('#comment-text', 'Is this year’s harvest early?');
    await v.press('#comment-text', 'Enter');
    await v.locator('#comments li', { hasText: 'harvest early' }).waitFor({ timeout: 5000 });
    await v.click('#like-button');
    expect(await v.getAttribute('#like-button', 'aria-pressed')).toBe('true');
    await shot(watch, 'mobile-live-room-390');

    // Someone else buys the pinned tea: its stock moves on the card, and the room hears "Mei L. just bought …".
    const mei = await suite.make.user(['viewer'], { displayName: 'Mei Lin' });
    const order = await suite.engine.http('POST', '/api/orders', {
      token: mei.token,
      body: { items: [{ productId: tea.id, quantity: 1 }], shippingAddress: ADDRESS, streamId: stream.id },
    });
    expect(order.status).toBe(201);
    const paidAt = Date.now();
    await suite.engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: mei.token,
      body: { outcome: 'succeeded' },
    });
    await v.waitForFunction(() => document.getElementById('product-stock')?.textContent === '11 in stock', null, { timeout: 5000 });
    await v.locator('#purchase-line:not([hidden])', { hasText: 'Mei L. just bought Longjing green tea' }).waitFor({ timeout: 5000 });
    figures.stockAndPurchaseSeenMs = Date.now() - paidAt;
    expect(await v.textContent('body')).not.toContain('Mei Lin');
    await shot(watch, 'mobile-live-room-390-purchase');
    // A screen reader hears a summary, not each comment.
    await v.waitForFunction(() => document.getElementById('chat-announcer')?.textContent?.includes('just bought'), null, {
      timeout: 12_000,
    });

    // The smaller reference phone.
    await v.setViewportSize({ width: 360, height: 800 });
    figures.phone360 = await expectPhoneRoom(v, { width: 360, height: 800 });
    await shot(watch, 'mobile-live-room-360');

    // The flash sale: the one unit Ana may take is bought, then Buy says the limit is reached and is disabled.
    await v.setViewportSize({ width: 390, height: 844 });
    await v.click('#flash-buy');
    await v.waitForSelector('#checkout[open]');
    for (const [field, value] of Object.entries(ADDRESS)) await v.fill(`#checkout-${field}`, value);
    await v.click('#checkout-pay');
    await v.waitForSelector('#checkout-status[data-status="paid"]', { timeout: 15_000 });
    await v.click('#checkout-back');
    await v.waitForSelector('#checkout', { state: 'hidden' });
    await v.waitForSelector('#flash-buy[disabled]');
    expect(await v.textContent('#flash-buy')).toBe('Limit reached');
    expect(await v.getAttribute('#flash-buy', 'aria-label')).toBe('Limit reached (1 per buyer): Hand-dyed silk scarf');
    expect(await placement(v, '#flash-buy')).toMatchObject({ inside: true, onTop: true });
    expect(await v.isVisible('#flash-hold')).toBe(false);
    await shot(watch, 'mobile-live-room-390-limit');

    // Desktop keeps the side panel beside the video.
    await v.setViewportSize({ width: 1280, height: 800 });
    const player = await placement(v, '#player');
    const side = await v.evaluate(() => document.querySelector('.sidebar')?.getBoundingClientRect().left ?? 0);
    const playerRight = await v.evaluate(() => document.getElementById('player')?.getBoundingClientRect().right ?? 0);
    expect(side).toBeGreaterThan(playerRight);
    expect(player?.height ?? 0).toBeGreaterThan(300);
    await shot(watch, 'mobile-live-room-desktop-1280');

    // Signed out on a phone, the sale's Buy opens the sign-in dialog on top.
    const guest = await open(`/live/${stream.id}`);
    const g = guest.page;
    await g.setViewportSize({ width: 390, height: 844 });
    await g.waitForSelector('#flash-buy:not([disabled])', { timeout: 15_000 });
    await g.click('#flash-buy');
    await g.waitForSelector('#sign-in-dialog[open]');
    expect(await placement(g, '#sign-in-dialog input[name=email]')).toMatchObject({ inside: true });
    await shot(guest, 'mobile-live-room-390-sign-in');

    // The show ends: no Buy on the video, no viewer count, and "Shop this show" lists its products.
    await suite.engine.http('POST', `/api/streams/${stream.id}/end`, { token: kol.token });
    await v.setViewportSize({ width: 390, height: 844 });
    await v.waitForFunction(() => document.body.dataset.streamStatus === 'ended', null, { timeout: 10_000 });
    expect(await v.isVisible('#product-buy')).toBe(false);
    expect(await v.isVisible('#flash-buy')).toBe(false);
    expect(await v.isVisible('#viewer-count')).toBe(false);
    await v.click('#overlay-shop');
    await v.waitForSelector('#showcase[open]');
    expect(await v.textContent('#showcase-title')).toBe('Shop this show · 2');
    expect(await v.locator('#showcase-list li').count()).toBe(2);
    await shot(watch, 'mobile-live-room-390-ended-shop');
    await v.click('#showcase .drawer-close');
    await shot(watch, 'mobile-live-room-390-ended');

    for (const tracked of [studio, watch, guest]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 150_000);
});
