import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../server/test/harness.ts';
import { useBrowserSuite } from './browser-suite.ts';

/** Fills the checkout sheet's address (by id: the group-buy card has fields with the same names). */
async function fillAddress(page: Page, address: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(address)) await page.fill(`#checkout-${field}`, value);
}

const ADDRESS = { name: 'Li Lei', line1: '1 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' };

describe('checkout on the stream page in Chromium, from Buy to paid', () => {
  const suite = useBrowserSuite();
  const { open, shot } = suite;

  async function liveStream(productOverrides: Record<string, unknown>) {
    const merchant = await suite.make.user(['merchant']);
    const kol = await suite.make.user(['kol']);
    const product = await suite.make.product(merchant.token, { imageUrl: `${suite.engine.url}/demo/scarf.svg`, ...productOverrides });
    const stream = await suite.make.stream(kol.token, { title: 'Spring picks' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/start`, { token: kol.token });
    return { merchant, kol, product, stream };
  }

  it('a viewer reserves in a live flash sale, checks out in the sheet and watches the order become paid, then shipped', async () => {
    const { merchant, kol, product, stream } = await liveStream({ title: 'Hand-dyed silk scarf', priceCents: 29900, stock: 20 });
    // The KOL showcases the product, so the stream accepts the merchant's sale at once.
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    const sale = await suite.make.flashSale(merchant.token, { productId: product.id, streamId: stream.id, priceCents: 9900, quantity: 5 });
    const viewer = await suite.make.user(['viewer']);
    const watch = await open(`/live/${stream.id}`, viewer);
    const v = watch.page;
    const liveUrl = v.url();

    await v.waitForSelector('#flash-buy:not([disabled])', { timeout: 15_000 });
    const buyAt = performance.now();
    await v.click('#flash-buy');
    await v.waitForSelector('#checkout[open]');
    await v.waitForFunction(() => document.querySelector('#checkout-pay')?.textContent?.startsWith('Pay '));
    const sheetMs = Math.round(performance.now() - buyAt);
    expect(await v.textContent('.checkout-item-title')).toBe('Hand-dyed silk scarf');
    expect(await v.textContent('#checkout-hold')).toMatch(/^Held for you at the flash-sale price for (10:00|09:[0-5]\d)$/);
    expect(await v.textContent('#checkout-total')).toMatch(/99\.00$/);

    // An empty form is refused next to each field, and nothing is ordered.
    await v.fill('#checkout-country', '');
    await v.click('#checkout-pay');
    expect(await v.textContent('#checkout-name-error')).toBe("Enter the recipient's name");
    expect(await v.textContent('#checkout-postalCode-error')).toBe('Enter the postal code');
    expect(await v.textContent('#checkout-country-error')).toMatch(/two-letter country code/);
    expect(await v.getAttribute('#checkout-line1', 'aria-invalid')).toBe('true');
    expect(await v.isVisible('#checkout-phone-error')).toBe(false);
    expect(await v.textContent('#checkout-error')).toBe('Check the highlighted fields.');
    expect(await v.evaluate(() => document.activeElement?.id)).toBe('checkout-name');
    expect((await suite.engine.http('GET', '/api/me/orders', { token: viewer.token })).body.items).toEqual([]);

    // Country codes are checked as they are typed, upper-cased and named.
    await v.fill('#checkout-country', 'qq');
    await v.locator('#checkout-country').blur();
    expect(await v.inputValue('#checkout-country')).toBe('QQ');
    expect(await v.textContent('#checkout-country-error')).toBe('QQ is not a country code we know');
    await fillAddress(v, ADDRESS);
    expect(await v.textContent('#checkout-country-name')).toBe('China');
    expect(await v.isVisible('#checkout-country-error')).toBe(false);
    await shot(watch, 'checkout-sheet-address');

    const payAt = performance.now();
    await v.click('#checkout-pay');
    await v.waitForSelector('#checkout-status[data-status="paid"]', { timeout: 15_000 });
    const payMs = Math.round(performance.now() - payAt);
    expect(await v.textContent('#checkout-status')).toBe('Paid');
    expect(await v.textContent('#checkout-status-text')).toContain('to Li Lei, Shanghai');
    expect(await v.textContent('#checkout-order')).toMatch(/99\.00$/);
    expect(v.url()).toBe(liveUrl);
    await shot(watch, 'checkout-sheet-paid');

    const [mine] = (await suite.engine.http('GET', '/api/me/orders', { token: viewer.token })).body.items;
    const order = (await suite.engine.http('GET', `/api/orders/${mine.id}`, { token: viewer.token })).body;
    expect(order).toMatchObject({ status: 'paid', totalCents: 9900, streamId: stream.id, flashSaleId: sale.id });
    expect(order.shippingAddress).toEqual(ADDRESS);
    expect(order.history.map((step: { to: string }) => step.to)).toEqual(['pending_payment', 'paid']);
    // The hold became the order: the panel no longer shows it, and the sale counts the unit sold.
    expect(await v.isVisible('#flash-hold')).toBe(false);
    expect((await suite.engine.http('GET', `/api/flash-sales/${sale.id}`)).body).toMatchObject({ remaining: 4, held: 0, sold: 1 });

    // The merchant ships it: order:update moves the open sheet on, with no reload.
    expect((await suite.engine.http('POST', `/api/orders/${order.id}/ship`, { token: merchant.token, body: {} })).status).toBe(200);
    await v.waitForSelector('#checkout-status[data-status="shipped"]', { timeout: 10_000 });
    expect(await v.locator('.checkout-steps li.is-done').count()).toBe(3);

    await v.click('#checkout-back');
    await v.waitForSelector('#checkout', { state: 'hidden' });
    expect(await v.isVisible('#checkout-resume')).toBe(false);
    expect(watch.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    process.stdout.write(`[e2e] checkout: sheet open ${sheetMs} ms after Buy; Paid shown ${payMs} ms after Pay\n`);
  }, 60_000);

  it('a viewer buys the pinned product at list price: a stock refusal is explained, a declined payment is paid again, and the KOL earns', async () => {
    const { merchant, kol, product, stream } = await liveStream({ title: 'Longjing green tea', priceCents: 16800, stock: 2 });
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: product.id } });
    await suite.engine.http('POST', `/api/streams/${stream.id}/pin`, { token: kol.token, body: { productId: product.id } });
    const viewer = await suite.make.user(['viewer']);
    const watch = await open(`/live/${stream.id}`, viewer);
    const v = watch.page;

    await v.click('#product-buy');
    await v.waitForSelector('#checkout[open]');
    await v.waitForSelector('#checkout-quantity:not([hidden])');
    await v.selectOption('#checkout-quantity', '2');
    expect(await v.textContent('#checkout-total')).toMatch(/336\.00$/);
    await fillAddress(v, ADDRESS);

    // Someone else buys one of the two meanwhile: two are refused with a clear message.
    const other = await suite.make.user(['viewer']);
    expect(
      (
        await suite.engine.http('POST', '/api/orders', {
          token: other.token,
          body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
        })
      ).status,
    ).toBe(201);
    await v.click('#checkout-pay');
    await v.waitForSelector('#checkout-error:not([hidden])');
    expect(await v.textContent('#checkout-error')).toBe('Not enough stock left for this quantity. Try fewer.');
    await shot(watch, 'checkout-sheet-out-of-stock');

    // One it is; the first payment is declined, the second goes through.
    await v.selectOption('#checkout-quantity', '1');
    await v.click('#checkout-decline');
    await v.waitForFunction(() => document.querySelector('#checkout-status')?.textContent === 'Payment declined');
    expect(await v.isVisible('#checkout-pay-again')).toBe(true);
    await shot(watch, 'checkout-sheet-declined');
    await v.click('#checkout-pay-again');
    await v.waitForSelector('#checkout-status[data-status="paid"]', { timeout: 15_000 });
    expect(await v.isVisible('#checkout-pay-again')).toBe(false);

    const [mine] = (await suite.engine.http('GET', '/api/me/orders', { token: viewer.token })).body.items;
    const order = (await suite.engine.http('GET', `/api/orders/${mine.id}`, { token: viewer.token })).body;
    expect(order).toMatchObject({ status: 'paid', totalCents: 16800, streamId: stream.id, flashSaleId: null });
    expect(order.items).toEqual([{ productId: product.id, quantity: 1, unitPriceCents: 16800 }]);
    const earnings = await eventually(
      async () => (await suite.engine.http('GET', '/api/me/earnings', { token: kol.token })).body,
      (e) => e.pendingCents > 0,
    );
    expect(earnings.entries).toEqual([expect.objectContaining({ orderId: order.id, kind: 'kol_commission', status: 'pending' })]);

    // Both units are sold: the pinned card says so as it happens. Restocked, the next checkout remembers the
    // address (on a phone-sized screen this time).
    await v.click('#checkout-back');
    await v.waitForFunction(() => document.getElementById('product-buy')?.textContent === 'Sold out', null, { timeout: 5000 });
    expect(await v.isDisabled('#product-buy')).toBe(true);
    await suite.engine.http('PATCH', `/api/products/${product.id}`, { token: merchant.token, body: { stock: 5 } });
    await v.reload();
    await v.setViewportSize({ width: 390, height: 844 });
    await v.click('#product-buy');
    await v.waitForSelector('#checkout[open]');
    expect(await v.inputValue('#checkout-name')).toBe('Li Lei');
    expect(await v.inputValue('#checkout-country')).toBe('CN');
    await shot(watch, 'checkout-sheet-mobile');
    expect(watch.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 60_000);
});
