import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';
import type { TrackedPage } from './chromium.ts';

describe('the product page /products/:id in Chromium', () => {
  const suite = useBrowserSuite();
  const { open } = suite;

  const pageErrors = (tracked: TrackedPage) => tracked.problems.filter((p) => p.startsWith('pageerror'));

  it('shows the product, its rating and reviews (text as text), lands share links on it, and buys through the checkout sheet', async () => {
    const merchant = await suite.make.user(['merchant']);
    const buyer = await suite.make.user(['viewer'], { displayName: 'Grace' });
    const product = await suite.make.product(merchant.token, {
      title: 'Hand-dyed silk scarf',
      description: 'Dyed by hand in Hangzhou.\nEvery one is different.',
      category: 'accessories',
      priceCents: 29900,
      stock: 40,
      imageUrl: `${suite.engine.url}/demo/scarf.svg`,
    });
    const order = await suite.engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
    const paid = await suite.engine.http('POST', `/api/payments/${order.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    expect(paid.status).toBe(200);
    const review = await suite.engine.http('POST', `/api/orders/${order.body.id}/review`, {
      token: buyer.token,
      body: { rating: 4, text: '<b>bold</b> colours, soft' },
    });
    expect(review.status).toBe(201);
    const reply = await suite.engine.http('POST', `/api/reviews/${review.body.id}/reply`, {
      token: merchant.token,
      body: { text: 'Thank you, Grace!' },
    });
    expect(reply.status).toBe(200);

    // Signed in: the page shows everything and offers Share.
    const viewer = await suite.make.user(['viewer']);
    const browsing = await open(`/products/${product.id}`, viewer);
    const p = browsing.page;
    await p.waitForSelector('#product:not([hidden])');
    expect(await p.textContent('#product-title')).toBe('Hand-dyed silk scarf');
    expect(await p.title()).toBe('Hand-dyed silk scarf · Streamcart');
    const price = await p.evaluate(() => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'CNY' }).format(299));
    expect(await p.textContent('#product-price')).toBe(price);
    expect(await p.textContent('#product-stock')).toBe('In stock · 39 available'); // one went to the paid order
    expect(await p.textContent('#product-category')).toBe('accessories');
    expect(await p.textContent('#product-description')).toBe('Dyed by hand in Hangzhou.\nEvery one is different.');
    expect(await p.textContent('#product-rating')).toBe('4.0(1)');
    expect(await p.getAttribute('#product-rating', 'aria-label')).toBe('Rated 4.0 out of 5 from 1 review');
    const item = p.locator('#review-list .review').first();
    await item.waitFor();
    expect(await item.locator('.review-author').textContent()).toBe('Grace');
    expect(await item.locator('.review-text').textContent()).toBe('<b>bold</b> colours, soft');
    expect(await item.locator('.review-text b').count()).toBe(0);
    expect(await item.locator('.review-reply').textContent()).toContain('Thank you, Grace!');
    expect(await p.isVisible('#reviews-more')).toBe(false);
    await p.waitForFunction(() => (document.querySelector<HTMLImageElement>('#product-media img')?.naturalWidth ?? 0) > 0);
    await p.screenshot({ path: path.join(SCREENSHOTS_DIR, 'product-page.png'), fullPage: true, animations: 'disabled' });

    // Share copies a product link; opening it lands on this page.
    expect(await p.isVisible('#product-share')).toBe(true);
    await p.click('#product-share');
    await p.waitForFunction(() => document.querySelector('#share-status')?.textContent?.startsWith('Link copied.'));
    const shareUrl = await p.evaluate(() => navigator.clipboard.readText());
    expect(shareUrl).toMatch(new RegExp(`^${suite.engine.url}/s/[A-Za-z0-9_-]+$`));
    const arriving = await open('/');
    const f = arriving.page;
    await f.goto(shareUrl);
    await f.waitForSelector('#product:not([hidden])');
    expect(f.url()).toBe(`${suite.engine.url}/products/${product.id}`);
    expect(await f.textContent('#product-title')).toBe('Hand-dyed silk scarf');
    // Signed out: no Share, but Buy opens the checkout sheet at the list price.
    expect(await f.isVisible('#product-share')).toBe(false);
    await f.click('#product-buy');
    await f.waitForSelector('#checkout[open]');
    await f.waitForFunction(() => document.querySelector('.checkout-item-title')?.textContent === 'Hand-dyed silk scarf');

    // Signed in, Buy opens the sheet with the address form and the list price.
    await p.click('#product-buy');
    await p.waitForSelector('#checkout[open] #checkout-form:not([hidden])');
    await p.waitForFunction(() => document.querySelector('#checkout-pay')?.textContent?.startsWith('Pay '));
    expect(await p.textContent('.checkout-item-title')).toBe('Hand-dyed silk scarf');
    expect(await p.textContent('#checkout-total')).toMatch(/299\.00$/);

    expect(pageErrors(browsing)).toEqual([]);
    expect(pageErrors(arriving)).toEqual([]);
  }, 90_000);

  it('shows a clear "not found" state for an unknown product', async () => {
    const missing = await open('/products/00000000-0000-4000-8000-000000000000');
    const p = missing.page;
    await p.waitForSelector('#product-not-found:not([hidden])');
    expect(await p.textContent('#not-found-title')).toBe('This product is no longer available');
    expect(await p.isVisible('#product')).toBe(false);
    expect(await p.isVisible('#product-loading')).toBe(false);
    expect(pageErrors(missing)).toEqual([]);
  }, 30_000);
});
