import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { eventually } from '../../server/test/harness.ts';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';

type Made = { user: { id: string; email: string }; token: string };

describe('My orders in Chromium: tracking, paying, confirming receipt and reviewing', () => {
  const suite = useBrowserSuite();
  const { open, shot } = suite;

  const statusOf = async (orderId: string, token: string) =>
    (await suite.engine.http('GET', `/api/orders/${orderId}`, { token })).body.status as string;

  async function placeOrder(buyer: Made, items: { productId: string; quantity: number }[]): Promise<{ id: string; paymentId: string }> {
    const placed = await suite.engine.http('POST', '/api/orders', { token: buyer.token, body: { items, shippingAddress: ADDRESS } });
    expect(placed.status).toBe(201);
    return placed.body;
  }

  /** Pays through the sandbox provider and waits for the webhook to mark the order paid. */
  async function paidOrder(buyer: Made, items: { productId: string; quantity: number }[]): Promise<string> {
    const order = await placeOrder(buyer, items);
    await suite.engine.http('POST', `/api/payments/${order.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      () => statusOf(order.id, buyer.token),
      (status) => status === 'paid',
    );
    return order.id;
  }

  it('a buyer signs in on /orders, follows a shipped parcel by its tracking, pays an unpaid order, confirms receipt and reviews', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant'], { displayName: 'Silk Road Studio' });
    const buyer = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const scarf = await make.product(merchant.token, {
      title: 'Hand-dyed silk scarf',
      priceCents: 29900,
      stock: 20,
      imageUrl: `${engine.url}/demo/scarf.svg`,
    });
    const tea = await make.product(merchant.token, {
      title: 'Longjing green tea',
      priceCents: 16800,
      stock: 20,
      imageUrl: `${engine.url}/demo/tea.svg`,
    });

    // A paid order the merchant ships with a tracking number, then one not paid yet.
    const shipped = await paidOrder(buyer, [{ productId: scarf.id, quantity: 1 }]);
    const ship = await engine.http('POST', `/api/orders/${shipped}/ship`, {
      token: merchant.token,
      body: { carrier: 'SF Express', trackingNumber: 'SF1234567890' },
    });
    expect(ship.body.status).toBe('shipped');
    const unpaid = await placeOrder(buyer, [{ productId: tea.id, quantity: 2 }]);

    // Signed out, the page asks to sign in; the buyer does so on the page.
    const tracked = await open('/orders');
    const page = tracked.page;
    await page.waitForSelector('#signed-out:not([hidden]) form');
    expect(await page.isVisible('#orders')).toBe(false);
    expect(await page.textContent('#signed-out')).toContain('Sign in to see your orders');
    await shot(tracked, 'my-orders-signed-out');
    await page.fill('#sign-in-slot input[name="email"]', buyer.user.email);
    await page.fill('#sign-in-slot input[name="password"]', PASSWORD);
    await page.click('#sign-in-slot button[type="submit"]');
    await page.waitForSelector('#orders:not([hidden])');
    const card = (orderId: string) => page.locator(`#my-order-list > li[data-order-id="${orderId}"]`);
    await card(shipped).waitFor();

    // Newest first: the unpaid order, then the shipped one with its tracking, items, pictures and total.
    expect(await page.locator('#my-order-list > li').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.orderId))).toEqual([
      unpaid.id,
      shipped,
    ]);
    expect(await card(shipped).locator('.order-status').textContent()).toBe('Shipped');
    expect(await card(shipped).locator('.my-order-shop').textContent()).toBe('Silk Road Studio');
    expect(await card(shipped).locator('.my-order-item-title').textContent()).toBe('Hand-dyed silk scarf');
    expect(await card(shipped).locator('.my-order-tracking-number').textContent()).toBe('SF Express SF1234567890');
    expect(await card(shipped).locator('.my-order-total').textContent()).toMatch(/299\.00/);
    expect(await card(shipped).locator('.my-order-note').textContent()).toContain('On its way');
    // A parcel on its way can already be confirmed (not every carrier reports delivery).
    expect(await card(shipped).locator('.confirm-receipt').count()).toBe(1);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.my-order-thumb img')].every((img) => img.complete && img.naturalWidth > 0),
    );
    expect(await card(unpaid.id).locator('.order-status').textContent()).toBe('Awaiting payment');
    expect(await card(unpaid.id).locator('.my-order-item-text').textContent()).toMatch(/2 × .*168\.00/);
    expect(await card(unpaid.id).locator('.my-order-total').textContent()).toMatch(/336\.00/);
    expect(await card(unpaid.id).locator('.my-order-note').textContent()).toMatch(/^Pay by .+, or the order lapses/);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-desktop.png'), fullPage: true });
    // On a phone the cards keep their pictures, and the tracking and the buttons take the whole width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Pay now pays through the sandbox, as the checkout does.
    await card(unpaid.id).locator('.pay-now').click();
    await page.waitForSelector(`#my-order-list > li[data-order-id="${unpaid.id}"][data-status="paid"]`);
    expect(await card(unpaid.id).locator('.my-order-done').textContent()).toBe('Paid. Thank you!');
    expect(await card(unpaid.id).locator('.pay-now').count()).toBe(0);
    expect(await statusOf(unpaid.id, buyer.token)).toBe('paid');

    // The carrier delivers (the merchant marks it): the card follows live and offers Confirm received.
    expect((await engine.http('POST', `/api/orders/${shipped}/deliver`, { token: merchant.token })).body.status).toBe('delivered');
    await page.waitForSelector(`#my-order-list > li[data-order-id="${shipped}"][data-status="delivered"] .confirm-receipt`);
    expect(await card(shipped).locator('.my-order-tracking-number').textContent()).toBe('SF Express SF1234567890');
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-delivered.png') });
    await card(shipped).locator('.confirm-receipt').click();
    await page.waitForSelector(`#my-order-list > li[data-order-id="${shipped}"][data-status="completed"]`);
    expect(await card(shipped).locator('.order-status').textContent()).toBe('Completed');
    expect(await card(shipped).locator('.my-order-done').textContent()).toContain('Thanks for confirming');

    // The review form asks for stars and words first, then posts; the text shows as typed, never as HTML.
    await card(shipped).locator('.write-review').click();
    const form = card(shipped).locator('.review-form');
    await form.waitFor();
    await form.locator('.review-submit').click();
    expect(await form.locator('.review-error').textContent()).toBe('Pick a rating from 1 to 5 stars.');
    await form.locator('.star').nth(3).click();
    expect(await form.locator('.star.is-on').count()).toBe(4);
    expect(await form.locator('.star-word').textContent()).toBe('Very good');
    await form.locator('.review-submit').click();
    expect(await form.locator('.review-error').textContent()).toContain('Write a few words');
    const text = 'Soft and bright, as in the show. <b>Not bold</b> & <img src=x onerror="window.hacked=1">';
    await form.locator('textarea').fill(text);
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-review-form.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-review-form-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await form.locator('.review-submit').click();
    await card(shipped).locator('.my-order-review').waitFor();
    expect(await card(shipped).locator('.my-order-review-text').textContent()).toBe(text);
    expect(await card(shipped).locator('.my-order-review b, .my-order-review img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
    expect(await card(shipped).locator('.review-stars').getAttribute('aria-label')).toBe('4 out of 5 stars');
    expect(await card(shipped).locator('.write-review').count()).toBe(0);
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-reviewed.png') });

    // Through the API: the order was delivered and is now completed, and the product shows the review.
    const order = (await engine.http('GET', `/api/orders/${shipped}`, { token: buyer.token })).body;
    expect(order.status).toBe('completed');
    expect(order.history.map((step: { to: string }) => step.to)).toEqual(['pending_payment', 'paid', 'shipped', 'delivered', 'completed']);
    const reviews = (await engine.http('GET', `/api/products/${scarf.id}/reviews`)).body;
    expect(reviews.items).toEqual([expect.objectContaining({ orderId: shipped, rating: 4, text, author: 'Han Meimei' })]);
    expect(reviews.rating).toEqual({ average: 4, count: 1 });

    // After a reload the card remembers the review, and the header's account menu links here.
    await page.reload();
    await card(shipped).locator('.my-order-reviewed').waitFor();
    expect(await card(shipped).locator('.write-review').count()).toBe(0);
    await page.click('#account-button');
    expect(await page.getAttribute('#account-orders', 'href')).toBe('/orders');
    await shot(tracked, 'my-orders-account-menu');
    await page.click('h1');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'my-orders-phone-reviewed.png'), fullPage: true });

    expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);

  it('shows a new buyer the empty state, then pages older orders, and offers a retry when the list fails', async () => {
    const { make } = suite;
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer']);
    const hat = await make.product(merchant.token, { title: 'Straw hat', priceCents: 4500, stock: 50 });

    const tracked = await open('/orders', buyer);
    const page = tracked.page;
    await page.waitForSelector('#orders-state:not([hidden])');
    expect(await page.textContent('#orders-state')).toContain('No orders yet');
    expect(await page.getAttribute('#orders-state a', 'href')).toBe('/');
    await shot(tracked, 'my-orders-empty');

    // Twelve orders: the first page shows ten, "Show older orders" the last two, newest first.
    const placed: string[] = [];
    for (let i = 0; i < 12; i++) placed.push((await placeOrder(buyer, [{ productId: hat.id, quantity: 1 }])).id);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('#my-order-list > li[data-order-id]').length === 10);
    await page.waitForSelector('#orders-more:not([hidden])');
    await page.click('#orders-more');
    await page.waitForFunction(() => document.querySelectorAll('#my-order-list > li[data-order-id]').length === 12);
    expect(await page.isVisible('#orders-more')).toBe(false);
    expect(await page.locator('#my-order-list > li').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.orderId))).toEqual(
      [...placed].reverse(),
    );

    // The server out of reach: the page says so and offers a retry, which recovers.
    await page.route('**/api/me/orders*', (route) => route.abort());
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#orders-state')?.textContent?.includes('Could not load your orders'));
    await shot(tracked, 'my-orders-error');
    await page.unroute('**/api/me/orders*');
    await page.click('#orders-state button');
    await page.waitForFunction(() => document.querySelectorAll('#my-order-list > li[data-order-id]').length === 10);
    expect(await page.isVisible('#orders-state')).toBe(false);
    expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 60_000);
});
