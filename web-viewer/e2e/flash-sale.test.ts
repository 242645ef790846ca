import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';

/** A time `ms` from now as a datetime-local value in the page's own time zone. */
function localTimeIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, ms);
}

describe('a flash sale in Chromium, from the merchant console to a viewer', () => {
  const suite = useBrowserSuite();
  const { open } = suite;

  it('a merchant schedules a sale in the console, it opens by itself, and a viewer reserves from the stream page', async () => {
    const merchant = await suite.make.user(['merchant']);
    const kol = await suite.make.user(['kol']);
    const viewer = await suite.make.user(['viewer']);
    const product = await suite.make.product(merchant.token, { title: 'Hand-dyed silk scarf', priceCents: 29900, stock: 20 });
    const stream = await suite.make.stream(kol.token, { title: 'Spring picks' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    // The KOL showcases the product, so the stream accepts the merchant's sale at once.
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });

    // The merchant signs in to the console.
    const console = await open('/merchant');
    const m = console.page;
    await m.fill('input[name="email"]', merchant.user.email);
    await m.fill('input[name="password"]', PASSWORD);
    await m.click('form[aria-label="Merchant sign-in"] button[type="submit"]');
    await m.waitForSelector('#console:not([hidden])');
    await m.waitForSelector(`#sale-product option[value="${product.id}"]`, { state: 'attached' });
    expect(await m.textContent('#product-list')).toContain('Hand-dyed silk scarf');

    // A window that closes before it opens is refused next to the field, and nothing is sent.
    await m.selectOption('#sale-product', product.id);
    await m.selectOption('#sale-stream', stream.id);
    await m.fill('#sale-price', '99');
    await m.fill('#sale-quantity', '25');
    await m.fill('#sale-limit', '2');
    await m.fill('#sale-starts', await localTimeIn(m, 3600_000));
    await m.fill('#sale-ends', await localTimeIn(m, 1800_000));
    await m.click('#sale-submit');
    expect(await m.textContent('#sale-quantity-error')).toContain('Only 20 in stock');
    expect(await m.textContent('#sale-ends-error')).toContain('close after it opens');
    expect(await m.isVisible('#sale-price-error')).toBe(false);
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'flash-sale-console-validation.png'), fullPage: true });
    expect((await suite.engine.http('GET', '/api/merchants/me/flash-sales', { token: merchant.token })).body.items).toEqual([]);

    // Fixed, it is scheduled to open a few seconds from now.
    await m.fill('#sale-quantity', '5');
    await m.fill('#sale-starts', await localTimeIn(m, 8000));
    await m.fill('#sale-ends', await localTimeIn(m, 600_000));
    expect(await m.isVisible('#sale-ends-error')).toBe(false);
    await m.click('#sale-submit');
    await m.waitForSelector('#sale-form-done:not([hidden])');
    const row = m.locator('#sales-body tr').first();
    await row.waitFor();
    const saleId = await row.getAttribute('data-sale-id');
    expect(await row.getAttribute('data-status')).toBe('scheduled');
    expect(await row.textContent()).toContain('5 of 5 left');
    expect((await suite.engine.http('GET', `/api/products/${product.id}`)).body.stock).toBe(15);

    // The viewer sees the countdown on the stream page, then the sale opens by itself.
    const watch = await open(`/live/${stream.id}`, { token: viewer.token, user: viewer.user });
    const v = watch.page;
    await v.waitForSelector('#flash-sale:not([hidden])');
    expect(await v.textContent('#flash-timer')).toMatch(/^Starts in 00:0\d$/);
    expect(await v.textContent('#flash-sale')).toContain('Hand-dyed silk scarf');
    await v.screenshot({ path: path.join(SCREENSHOTS_DIR, 'flash-sale-viewer-countdown.png') });
    await v.waitForSelector('#flash-buy:not([disabled])', { timeout: 20_000 });
    expect(await v.textContent('#flash-timer')).toMatch(/^Ends in /);
    await m.waitForSelector(`#sales-body tr[data-sale-id="${saleId}"][data-status="live"]`);

    // Buy: the hold and its own countdown appear, and the stock moves on both pages.
    await v.click('#flash-buy');
    await v.waitForSelector('#flash-hold:not([hidden])');
    expect(await v.textContent('#flash-hold-timer')).toMatch(/^(10:00|09:[0-5]\d)$/);
    await v.waitForFunction(() => document.querySelector('#flash-stock')?.textContent?.startsWith('4 of 5 left'));
    await m.waitForFunction(
      (id) => document.querySelector(`#sales-body tr[data-sale-id="${id}"] .remaining`)?.textContent === '4 of 5 left',
      saleId,
    );
    await v.screenshot({ path: path.join(SCREENSHOTS_DIR, 'flash-sale-viewer-hold.png') });
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'flash-sale-console-live.png'), fullPage: true });

    const sale = (await suite.engine.http('GET', `/api/flash-sales/${saleId}`)).body;
    expect(sale).toMatchObject({
      status: 'live',
      quantity: 5,
      remaining: 4,
      held: 1,
      priceCents: 9900,
      perUserLimit: 2,
      streamId: stream.id,
    });
    expect(console.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    expect(watch.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);
});
