import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../server/test/factories.ts';
import { startTestEngine, type TestEngine } from '../../server/test/harness.ts';
import { request } from '../../server/test/live-client.ts';
import { buildPages } from '../build.ts';
import type { PublishStats } from '../src/lib/media-publisher.ts';
import type { PlaybackStats } from '../src/lib/media-subscriber.ts';
import { launchChromium, openPage, type TrackedPage } from './chromium.ts';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');
const PASSWORD = 'correct horse battery';
/** The issue's target for video to come back on viewers' pages after a worker dies. */
const RECOVERY_TARGET_MS = 5000;

/** Polls the viewer page's playback figures every 100 ms until `done` holds for them. */
async function waitForPlayback(page: Page, done: (stats: PlaybackStats) => boolean, timeoutMs: number): Promise<PlaybackStats> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stats = await page.evaluate(() => window.streamcartViewer?.stats());
    if (stats && done(stats)) return stats;
    if (performance.now() > deadline) throw new Error(`viewer playback not reached in ${timeoutMs} ms; last: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for decoded video on a viewer page, then for 20 more frames (the picture moves). */
async function waitForMovingVideo(page: Page, timeoutMs = 20_000): Promise<{ first: PlaybackStats; later: PlaybackStats }> {
  const first = await waitForPlayback(page, (stats) => stats.videoWidth > 0 && stats.framesDecoded > 0, timeoutMs);
  const later = await waitForPlayback(
    page,
    (stats) => stats.consumerId === first.consumerId && stats.framesDecoded >= first.framesDecoded + 20,
    timeoutMs,
  );
  return { first, later };
}

async function studioStats(page: Page): Promise<PublishStats | undefined> {
  return page.evaluate(() => window.streamcartStudio?.stats());
}

async function screenshot(tracked: TrackedPage, name: string): Promise<void> {
  await tracked.page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`) });
}

describe('live video in Chromium through the mediasoup SFU', () => {
  let engine: TestEngine;
  let browser: Browser;
  let make: ReturnType<typeof factories>;
  const pages: TrackedPage[] = [];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    const build = await buildPages();
    figures.pagesBuild = build;
    engine = await startTestEngine({ withMedia: true });
    make = factories(engine);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    writeFileSync(path.join(RESULTS_DIR, 'media-e2e.json'), `${JSON.stringify(figures, null, 2)}\n`);
    for (const tracked of pages) await tracked.context.close().catch(() => {});
    await browser?.close();
    await engine?.close();
  });

  async function open(url: string): Promise<TrackedPage> {
    const tracked = await openPage(browser, `${engine.url}${url}`);
    pages.push(tracked);
    return tracked;
  }

  /** Signs the stream's KOL into the studio, goes live and waits until the camera is sent. */
  async function goLive(streamId: string, email: string, signInScreenshot?: string): Promise<TrackedPage> {
    const studio = await open(`/studio/${streamId}`);
    if (signInScreenshot) await screenshot(studio, signInScreenshot);
    await studio.page.fill('input[name=email]', email);
    await studio.page.fill('input[name=password]', PASSWORD);
    await studio.page.click('form button[type=submit]');
    await studio.page.click('#go-live:not([disabled])', { timeout: 15_000 });
    await studio.page.waitForFunction(
      () => document.body.dataset.publishing === 'live' && document.body.dataset.streamStatus === 'live',
      null,
      {
        timeout: 15_000,
      },
    );
    return studio;
  }

  it('shows moving video from the studio to two viewers, and both see the stream end', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title: 'Spring picks, live from the studio' });
    const studio = await goLive(stream.id, kol.user.email, 'studio-sign-in');

    const viewers = [await open(`/live/${stream.id}`), await open(`/live/${stream.id}`)];
    for (const [index, viewer] of viewers.entries()) {
      const { first, later } = await waitForMovingVideo(viewer.page);
      expect(later.videoWidth).toBeGreaterThan(0);
      expect(later.framesDecoded).toBeGreaterThan(first.framesDecoded);
      figures[`viewer${index + 1}`] = { width: later.videoWidth, height: later.videoHeight, framesDecoded: later.framesDecoded };
    }
    await studio.page.waitForFunction(() => document.getElementById('stat-viewers')?.textContent === '2', null, { timeout: 10_000 });

    // Every viewer sees the pinned product at once, and comments as plain text.
    const merchant = await make.user(['merchant']);
    const product = await make.product(merchant.token, { title: 'Hand-dyed silk scarf', imageUrl: `${engine.url}/demo/scarf.svg` });
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    await engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });
    const fan = await make.user(['viewer']);
    const fanSocket = await engine.connect(fan.token);
    await request(fanSocket, 'stream:join', { streamId: stream.id });
    const markup = 'Love it! <b>not bold</b> <img src=x onerror=alert(1)>';
    expect(await request(fanSocket, 'comment:send', { streamId: stream.id, text: markup })).toMatchObject({ ok: true });
    fanSocket.disconnect();
    for (const viewer of viewers) {
      await viewer.page.locator('#product-card:not([hidden])', { hasText: 'Hand-dyed silk scarf' }).waitFor({ timeout: 10_000 });
      await viewer.page.locator('#comments .comment-text', { hasText: 'not bold' }).waitFor({ timeout: 10_000 });
      expect(await viewer.page.textContent('#comments .comment-text')).toBe(markup);
      expect(await viewer.page.locator('#comments b, #comments img').count()).toBe(0);
    }
    const sent = await studioStats(studio.page);
    expect(sent?.framesEncoded).toBeGreaterThan(0);
    figures.studio = sent;
    await screenshot(studio, 'studio-live');
    const [first, second] = viewers as [TrackedPage, TrackedPage];
    await screenshot(first, 'viewer-live');
    await first.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(first, 'viewer-live-mobile');

    // The quality picker caps the second viewer at the lowest simulcast layer (a quarter of 1280x720).
    await second.page.selectOption('#quality', '0');
    const low = await waitForPlayback(second.page, (stats) => stats.videoWidth === 320, 15_000);
    expect(low.videoHeight).toBe(180);

    const home = await open('/');
    const card = home.page.locator('.stream-card', { hasText: 'Spring picks, live from the studio' });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toMatch(/\d+ watching/);
    expect(await card.locator('a').getAttribute('href')).toBe(`/live/${stream.id}`);
    await screenshot(home, 'home');

    await studio.page.click('#end-stream:not([disabled])');
    // End asks first (the show cannot be taken back).
    await studio.page.click('#end-confirm');
    for (const viewer of viewers) {
      await viewer.page.waitForFunction(() => document.body.dataset.streamStatus === 'ended', null, { timeout: 10_000 });
      expect(await viewer.page.textContent('#overlay-title')).toBe('This stream has ended');
      expect(await viewer.page.isVisible('#overlay')).toBe(true);
    }
    await screenshot(first, 'viewer-ended');
    await screenshot(studio, 'studio-ended');
    await expect.poll(() => engine.media?.getRoom(stream.id)).toBeUndefined();
    for (const tracked of [studio, ...viewers]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);

  it('lets a viewer wait for a scheduled stream, sign in on the page and comment', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title: 'Tea tasting at eight' });
    const fan = await make.user(['viewer'], { displayName: 'Tea fan' });
    const viewer = await open(`/live/${stream.id}`);
    await viewer.page.waitForFunction(() => document.body.dataset.streamStatus === 'scheduled', null, { timeout: 10_000 });
    expect(await viewer.page.textContent('#overlay-title')).toBe('Starting soon');

    await viewer.page.fill('input[name=email]', fan.user.email);
    await viewer.page.fill('input[name=password]', PASSWORD);
    await viewer.page.click('#login-slot button[type=submit]');
    await viewer.page.fill('#comment-text', 'See you at eight!');
    await viewer.page.click('#comment-form button[type=submit]');
    await viewer.page.locator('#comments li', { hasText: 'See you at eight!' }).waitFor({ timeout: 10_000 });
    expect(await viewer.page.textContent('#comments li .comment-author')).toBe('Tea fan');
    await screenshot(viewer, 'viewer-scheduled-chat');

    const missing = await open('/live/00000000-0000-4000-8000-000000000000');
    await missing.page.waitForFunction(() => document.body.dataset.streamStatus === 'missing', null, { timeout: 10_000 });
  }, 30_000);

  it('lists a signed-in merchant’s products on the merchant page', async () => {
    const merchant = await make.user(['merchant']);
    await make.product(merchant.token, { title: 'Hand-dyed silk scarf', imageUrl: `${engine.url}/demo/scarf.svg` });
    await make.product(merchant.token, { title: 'Longjing green tea', priceCents: 16800, imageUrl: `${engine.url}/demo/tea.svg` });
    const page = await open('/merchant');
    await page.page.fill('input[name=email]', merchant.user.email);
    await page.page.fill('input[name=password]', PASSWORD);
    await page.page.click('form button[type=submit]');
    await page.page.locator('.product-tile').nth(1).waitFor({ timeout: 10_000 });
    expect(await page.page.locator('.product-tile h3').allTextContents()).toEqual(
      expect.arrayContaining(['Hand-dyed silk scarf', 'Longjing green tea']),
    );
    await screenshot(page, 'merchant');
  }, 30_000);

  it('brings video back on the viewer page within 5 s after the mediasoup worker is killed', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title: 'Crash test, still live' });
    const studio = await goLive(stream.id, kol.user.email);
    const viewer = await open(`/live/${stream.id}`);
    const { later: before } = await waitForMovingVideo(viewer.page);
    const oldPid = engine.media?.pool.slots[0]?.worker.pid;
    if (!oldPid) throw new Error('no mediasoup worker');

    const killedAt = performance.now();
    process.kill(oldPid, 'SIGKILL');
    const back = await waitForPlayback(
      viewer.page,
      (stats) =>
        stats.consumerId !== undefined && stats.consumerId !== before.consumerId && stats.videoWidth > 0 && stats.framesDecoded > 0,
      15_000,
    );
    const recoveryMs = Math.round(performance.now() - killedAt);
    figures.workerKill = { oldPid, newPid: engine.media?.pool.slots[0]?.worker.pid, recoveryMs, targetMs: RECOVERY_TARGET_MS };
    process.stdout.write(`[e2e] video back on the viewer page ${recoveryMs} ms after SIGKILL of mediasoup worker ${oldPid}\n`);

    expect(recoveryMs).toBeLessThan(RECOVERY_TARGET_MS);
    const { later } = await waitForMovingVideo(viewer.page);
    expect(later.consumerId).toBe(back.consumerId);
    expect(await viewer.page.evaluate(() => document.body.dataset.playback)).toBe('playing');
    await screenshot(viewer, 'viewer-after-worker-restart');
    await screenshot(studio, 'studio-after-worker-restart');
  }, 90_000);

  it("keeps the stream live when the studio's connection drops: the studio reconnects and publishes again", async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title: 'Shaky Wi-Fi, still live' });
    const studio = await goLive(stream.id, kol.user.email);
    const viewer = await open(`/live/${stream.id}`);
    const { later: before } = await waitForMovingVideo(viewer.page);
    const kolSockets = [...engine.gateway.live.sockets.values()].filter((socket) => socket.data.userId === kol.user.id);
    expect(kolSockets).toHaveLength(1);

    // The transport under the studio's socket closes as on a network loss (not a server kick):
    // the server drops the studio's media, the page reconnects by itself.
    const droppedAt = performance.now();
    kolSockets[0]?.conn.close();
    await studio.page.waitForFunction(
      () => document.body.dataset.publishing === 'reconnecting' || document.body.dataset.publishing === 'connecting',
      null,
      {
        timeout: 10_000,
      },
    );
    await studio.page.waitForFunction(() => document.body.dataset.publishing === 'live', null, { timeout: 20_000 });
    const back = await waitForPlayback(
      viewer.page,
      (stats) =>
        stats.consumerId !== undefined && stats.consumerId !== before.consumerId && stats.videoWidth > 0 && stats.framesDecoded > 0,
      20_000,
    );
    const recoveryMs = Math.round(performance.now() - droppedAt);
    figures.studioReconnect = { recoveryMs };
    process.stdout.write(`[e2e] video back on the viewer page ${recoveryMs} ms after the studio's connection dropped\n`);

    const { later } = await waitForMovingVideo(viewer.page);
    expect(later.consumerId).toBe(back.consumerId);
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.status).toBe('live');
    expect(await studio.page.evaluate(() => document.body.dataset.streamStatus)).toBe('live');
    await screenshot(studio, 'studio-after-reconnect');
  }, 90_000);
});
