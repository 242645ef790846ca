import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../server/test/factories.ts';
import { startTestEngine, type TestEngine } from '../../server/test/harness.ts';
import { buildPages } from '../build.ts';
import type { PublishStats } from '../src/lib/media-publisher.ts';
import type { PlaybackStats } from '../src/lib/media-subscriber.ts';
import { launchChromium, openPage, type TrackedPage } from './chromium.ts';

const SCREENSHOTS_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery';

/** Polls the viewer page's playback figures every 100 ms until `done` holds for them. */
async function waitForPlayback(page: Page, done: (stats: PlaybackStats) => boolean, timeoutMs = 20_000): Promise<PlaybackStats> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stats = await page.evaluate(() => window.streamcartViewer?.stats());
    if (stats && done(stats)) return stats;
    if (performance.now() > deadline) throw new Error(`viewer playback not reached in ${timeoutMs} ms; last: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Two workers and two consumers per router: a viewer of audio and video fills a router, so the
// second viewer is served by an edge router on the other worker.
describe('H264 from the studio through an edge router in Chromium', () => {
  let engine: TestEngine;
  let browser: Browser;
  let make: ReturnType<typeof factories>;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await buildPages();
    engine = await startTestEngine({
      withMedia: true,
      env: { MEDIASOUP_WORKERS: '2', MEDIA_CONSUMERS_PER_ROUTER: '2', RTC_MIN_PORT: '44200', RTC_MAX_PORT: '44399' },
    });
    make = factories(engine);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const tracked of pages) await tracked.context.close().catch(() => {});
    await browser?.close();
    await engine?.close();
  });

  async function open(url: string): Promise<TrackedPage> {
    const tracked = await openPage(browser, `${engine.url}${url}`);
    pages.push(tracked);
    return tracked;
  }

  it('publishes H264 when the KOL picks it, and viewers on the origin and on the edge see moving video', async () => {
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token, { title: 'H264 across two cores' });
    const studio = await open(`/studio/${stream.id}`);
    await studio.page.fill('input[name=email]', kol.user.email);
    await studio.page.fill('input[name=password]', PASSWORD);
    await studio.page.click('form button[type=submit]');
    await studio.page.selectOption('#codec-select', 'h264');
    await studio.page.click('#go-live:not([disabled])', { timeout: 15_000 });
    await studio.page.waitForFunction(() => document.body.dataset.publishing === 'live', null, { timeout: 15_000 });
    const sent: PublishStats | undefined = await studio.page.evaluate(() => window.streamcartStudio?.stats());
    expect(sent?.videoCodec).toBe('video/H264');

    const viewers = [await open(`/live/${stream.id}`), await open(`/live/${stream.id}`)];
    for (const viewer of viewers) {
      const first = await waitForPlayback(viewer.page, (stats) => stats.videoWidth > 0 && stats.framesDecoded > 0);
      const later = await waitForPlayback(viewer.page, (stats) => stats.framesDecoded >= first.framesDecoded + 20);
      expect(later.consumerId).toBe(first.consumerId);
    }

    const room = engine.media?.getRoom(stream.id);
    expect(room?.routers.map((router) => [router.role, router.viewerCount])).toEqual([
      ['origin', 1],
      ['edge', 1],
    ]);
    const [, edge] = room?.routers ?? [];
    const edgeDump = await edge?.router.dump();
    expect(edgeDump?.mapConsumerIdProducerId).toHaveLength(2);
    await viewers[1]?.page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'viewer-h264-edge.png') });
    for (const tracked of [studio, ...viewers]) expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);
});
