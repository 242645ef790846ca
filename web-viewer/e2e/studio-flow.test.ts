import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { request } from '../../server/test/live-client.ts';
import { useBrowserSuite } from './browser-suite.ts';

describe('the KOL studio in Chromium: nothing sent before the click, live sales, chat as host, End with a summary', () => {
  const suite = useBrowserSuite({ engine: { withMedia: true } });
  const { open, shot } = suite;

  it('opens a live show as a preview, resumes on click, sells, chats and pins, and ends on a confirmed summary', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant']);
    const kol = await make.user(['kol'], { displayName: 'Mia Host' });
    const alice = await make.user(['viewer'], { displayName: 'Alice Chen' });
    const scarf = await make.product(merchant.token, {
      title: 'Hand-dyed silk scarf',
      priceCents: 29900,
      imageUrl: `${engine.url}/demo/scarf.svg`,
    });
    const stream = await make.stream(kol.token, { title: 'Studio flow show' });
    await engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: scarf.id } });
    // Started elsewhere (an earlier studio tab): the show is live, with no media yet.
    expect((await engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token })).body).toMatchObject({ status: 'live' });
    const liveIds = async () => ((await engine.http('GET', '/api/streams?status=live')).body.items as { id: string }[]).map((s) => s.id);

    const studio = await open(`/studio/${stream.id}`, kol);
    const s = studio.page;
    const goLive = s.locator('#go-live');
    await goLive.waitFor({ state: 'visible', timeout: 15_000 });
    await s.waitForFunction(() => !(document.getElementById('go-live') as HTMLButtonElement).disabled, null, { timeout: 15_000 });
    expect(await goLive.textContent()).toBe('Resume broadcast');
    // The camera preview runs, and still nothing reaches the SFU: no producer, not listed LIVE.
    await s.waitForFunction(() => (document.getElementById('preview') as HTMLVideoElement).videoWidth > 0, null, { timeout: 15_000 });
    await sleep(2000);
    expect(engine.media?.getRoom(stream.id)?.producerCount ?? 0).toBe(0);
    expect(await s.evaluate(() => document.body.dataset.publishing)).toBe('offline');
    expect(await liveIds()).not.toContain(stream.id);
    // The pin button names its product.
    expect(await s.locator(`#studio-showcase [aria-label="Pin Hand-dyed silk scarf"]`).count()).toBe(1);
    await shot(studio, 'studio-resume-preview');

    await goLive.click();
    await s.waitForFunction(() => document.body.dataset.publishing === 'live', null, { timeout: 20_000 });
    await expect.poll(liveIds, { timeout: 20_000 }).toContain(stream.id);
    expect(engine.media?.getRoom(stream.id)?.producerCount).toBeGreaterThan(0);

    // A viewer watches; an order paid in the show reaches the studio's live sales with its total.
    const viewer = await open(`/live/${stream.id}`, alice);
    const v = viewer.page;
    const order = await engine.http('POST', '/api/orders', {
      token: alice.token,
      body: { items: [{ productId: scarf.id, quantity: 2 }], streamId: stream.id, shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    await engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, { token: alice.token, body: { outcome: 'succeeded' } });
    await s.locator('#sales-orders', { hasText: '1 order' }).waitFor({ timeout: 20_000 });
    expect(await s.textContent('#sales-gmv')).toMatch(/598/);
    expect(await s.textContent('#sales-list')).toContain('Alice C.');
    // While on air the studio sends a frame of its preview as the feed card's poster.
    await expect.poll(async () => (await fetch(`${engine.url}/api/streams/${stream.id}/poster`)).status, { timeout: 20_000 }).toBe(200);

    // Alice asks; the KOL replies from the studio with the Host badge, then pins her question.
    const aliceSocket = await engine.connect(alice.token);
    await request(aliceSocket, 'stream:join', { streamId: stream.id });
    const question = await request(aliceSocket, 'comment:send', { streamId: stream.id, text: 'Is the scarf real silk?' });
    aliceSocket.disconnect();
    const asked = s.locator(`#studio-comments li[data-comment-id="${question.comment.id}"]`);
    await asked.waitFor({ timeout: 10_000 });
    await asked.locator('[data-action="reply"]').click();
    await s.fill('#studio-comment-input', 'Yes, mulberry silk!');
    await s.click('#studio-comment-send');
    const hostLine = s.locator('#studio-comments li', { hasText: 'Yes, mulberry silk!' });
    await hostLine.locator('.host-badge').waitFor({ timeout: 10_000 });
    expect(await hostLine.locator('.comment-quote').textContent()).toContain('Is the scarf real silk?');
    const viewerHostLine = v.locator('#comments li', { hasText: 'Yes, mulberry silk!' });
    // On a wide screen the chat fades older lines over the video: present in the list is what counts.
    await viewerHostLine.waitFor({ state: 'attached', timeout: 15_000 });
    expect(await viewerHostLine.locator('.host-badge').textContent()).toBe('Host');

    await asked.locator('[data-action="pin-comment"]').click();
    await s.locator('#studio-pinned-comment:not([hidden])', { hasText: 'Is the scarf real silk?' }).waitFor({ timeout: 10_000 });
    await v
      .locator('#pinned-comment:not([hidden])', { hasText: 'Is the scarf real silk?' })
      .waitFor({ state: 'attached', timeout: 10_000 });
    // A viewer who arrives later finds it pinned (the join snapshot).
    const late = await open(`/live/${stream.id}`);
    await late.page
      .locator('#pinned-comment:not([hidden])', { hasText: 'Is the scarf real silk?' })
      .waitFor({ state: 'attached', timeout: 15_000 });

    await s.evaluate(() => window.scrollTo(0, 0));
    await shot(studio, 'studio-live-desktop');
    await s.setViewportSize({ width: 390, height: 844 });
    await s.evaluate(() => window.scrollTo(0, 0));
    await shot(studio, 'studio-live-mobile');
    await s.locator('#studio-sales').scrollIntoViewIfNeeded();
    await shot(studio, 'studio-sales-mobile');
    const overflow = await s.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await s.setViewportSize({ width: 1280, height: 800 });

    // End asks first: "Keep streaming" changes nothing.
    await s.click('#end-stream');
    await s.waitForSelector('#end-dialog[open]');
    await shot(studio, 'studio-end-confirm');
    await s.click('#end-cancel');
    await sleep(500);
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.status).toBe('live');
    await s.click('#end-stream');
    await s.click('#end-confirm');
    await s.locator('#show-summary:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await s.textContent('#summary-orders')).toBe('1');
    expect(await s.textContent('#summary-gmv')).toMatch(/598/);
    expect(Number(await s.textContent('#summary-peak'))).toBeGreaterThanOrEqual(1);
    expect((await engine.http('GET', `/api/streams/${stream.id}`)).body.status).toBe('ended');
    await shot(studio, 'studio-summary-desktop');
    await s.setViewportSize({ width: 390, height: 844 });
    await shot(studio, 'studio-summary-mobile');
    expect(studio.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 150_000);
});
