import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './browser-suite.ts';

const opensIn = (ms: number) => ({
  startsAt: new Date(Date.now() + ms).toISOString(),
  endsAt: new Date(Date.now() + ms + 3600_000).toISOString(),
});

describe("the studio's proposals panel: a merchant's sale shows in the stream only once its KOL accepts it", () => {
  const suite = useBrowserSuite();

  it('lists a proposal with Accept and Decline, accepts it into the stream, and removes an accepted sale, at 390 px too', async () => {
    const merchant = await suite.make.user(['merchant'], { displayName: 'Silk Road Studio' });
    const kol = await suite.make.user(['kol']);
    const scarf = await suite.make.product(merchant.token, { title: 'Hand-dyed silk scarf', priceCents: 29900 });
    const tea = await suite.make.product(merchant.token, { title: 'Oolong tea tin', priceCents: 8800 });
    const stream = await suite.make.liveStream(kol.token, []);
    const pushed = await suite.make.flashSale(merchant.token, { productId: scarf.id, streamId: stream.id, ...opensIn(3600_000) });
    const declined = await suite.make.flashSale(merchant.token, { productId: tea.id, streamId: stream.id, ...opensIn(7200_000) });

    const studio = await suite.open(`/studio/${stream.id}`, kol);
    const s = studio.page;
    await s.setViewportSize({ width: 390, height: 844 });
    const row = (saleId: string) => s.locator(`#proposal-list li[data-sale-id="${saleId}"]`);
    await row(pushed.id).waitFor({ timeout: 15_000 });
    await expect(row(pushed.id).textContent()).resolves.toContain('Hand-dyed silk scarf');
    await expect(row(pushed.id).textContent()).resolves.toContain('Silk Road Studio');
    const panel = await s.locator('#studio-proposals').boundingBox();
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 390).toBe(true);
    await s.locator('#studio-proposals').scrollIntoViewIfNeeded();
    await suite.shot(studio, 'studio-sale-proposals-390');

    await row(declined.id).locator('[data-decision="decline"]').click();
    await row(declined.id).waitFor({ state: 'detached', timeout: 10_000 });
    await row(pushed.id).locator('[data-decision="accept"]').click();
    await s
      .locator(`#proposal-list li[data-sale-id="${pushed.id}"][data-approval="accepted"] [data-decision="remove"]`)
      .waitFor({ timeout: 10_000 });
    expect((await suite.engine.http('GET', `/api/streams/${stream.id}`)).body.activeFlashSale?.id).toBe(pushed.id);

    await row(pushed.id).locator('[data-decision="remove"]').click();
    await row(pushed.id).waitFor({ state: 'detached', timeout: 10_000 });
    expect((await suite.engine.http('GET', `/api/streams/${stream.id}`)).body.activeFlashSale).toBeNull();
    expect((await suite.engine.http('GET', `/api/flash-sales/${declined.id}`)).body.streamApproval).toBe('declined');
    expect(studio.problems).toEqual([]);
  });
});
