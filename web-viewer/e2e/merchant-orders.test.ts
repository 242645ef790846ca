import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { payouts } from '../../db/schema/index.ts';
import { ADDRESS } from '../../server/test/factories.ts';
import { eventually } from '../../server/test/harness.ts';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

const PASSWORD = 'correct horse battery';

type Made = { user: { id: string; email: string }; token: string };

describe('the merchant console in Chromium: orders to ship, and payouts', () => {
  const suite = useBrowserSuite();
  const { open } = suite;

  const statusOf = async (orderId: string, token: string) =>
    (await suite.engine.http('GET', `/api/orders/${orderId}`, { token })).body.status as string;

  /** Pays through the sandbox provider and waits for the webhook to mark the order paid. */
  async function pay(buyer: Made, order: { id: string; paymentId: string }): Promise<string> {
    await suite.engine.http('POST', `/api/payments/${order.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      () => statusOf(order.id, buyer.token),
      (status) => status === 'paid',
    );
    return order.id;
  }

  async function paidOrder(
    buyer: Made,
    items: { productId: string; quantity: number }[],
    address: Record<string, string> = ADDRESS,
  ): Promise<string> {
    const placed = await suite.engine.http('POST', '/api/orders', { token: buyer.token, body: { items, shippingAddress: address } });
    expect(placed.status).toBe(201);
    return pay(buyer, placed.body);
  }

  it('a merchant sees paid orders under "To ship", ships one with a tracking number, refunds one, and sees payouts', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant']);
    const buyer = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const scarf = await make.product(merchant.token, { title: 'Hand-dyed silk scarf', priceCents: 29900, stock: 20 });
    const tea = await make.product(merchant.token, { title: 'Longjing green tea', priceCents: 16800, stock: 20 });

    const shipped = await paidOrder(buyer, [{ productId: scarf.id, quantity: 1 }], {
      ...ADDRESS,
      phone: '+86 21 5555 0100',
      line2: 'Building 3, Flat 1201',
    });
    const shippedMeanwhile = await paidOrder(buyer, [{ productId: tea.id, quantity: 2 }]);
    const refunded = await paidOrder(buyer, [
      { productId: tea.id, quantity: 1 },
      { productId: scarf.id, quantity: 1 },
    ]);
    // A group-buy order whose group has not filled: it may not ship yet.
    const offer = await engine.http('POST', '/api/group-offers', {
      token: merchant.token,
      body: { productId: tea.id, groupPriceCents: 12800, groupSize: 3, windowMinutes: 60 },
    });
    const leader = await make.user(['viewer'], { displayName: 'Wang Fang' });
    const group = await engine.http('POST', `/api/group-offers/${offer.body.id}/groups`, {
      token: leader.token,
      body: { shippingAddress: { ...ADDRESS, name: 'Wang Fang', city: 'Hangzhou', postalCode: '310000' } },
    });
    const waiting = await pay(leader, group.body.order);
    // Two payouts, one paid and one the provider declined, as the daily run would leave them.
    await engine.infra.database.db.insert(payouts).values([
      {
        userId: merchant.user.id,
        account: 'merchant_payable',
        currency: 'CNY',
        amountCents: 51230,
        periodDate: '2025-03-14',
        status: 'paid',
        paidAt: new Date('2025-03-14T02:10:00Z'),
        providerReference: 'sandbox-1',
      },
      {
        userId: merchant.user.id,
        account: 'merchant_payable',
        currency: 'CNY',
        amountCents: 8800,
        periodDate: '2025-03-15',
        status: 'failed',
        failedAt: new Date('2025-03-15T02:10:00Z'),
        failureReason: 'The bank account was closed',
      },
    ]);

    // The merchant signs in to the console.
    const tracked = await open('/merchant');
    const m = tracked.page;
    await m.fill('input[name="email"]', merchant.user.email);
    await m.fill('input[name="password"]', PASSWORD);
    await m.click('form[aria-label="Merchant sign-in"] button[type="submit"]');
    await m.waitForSelector('#orders:not([hidden])');
    const row = (orderId: string) => m.locator(`#order-list > li[data-order-id="${orderId}"]`);

    // "To ship" lists the paid orders, newest first, with items, total, buyer, address and status.
    await row(shipped).waitFor();
    expect(await m.getAttribute('#order-filters button[data-tab="paid"]', 'aria-pressed')).toBe('true');
    expect(await m.locator('#order-list > li').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.orderId))).toEqual([
      waiting,
      refunded,
      shippedMeanwhile,
      shipped,
    ]);
    const first = await row(shipped).textContent();
    expect(first).toContain('Han Meimei');
    expect(first).toContain('1 ×Hand-dyed silk scarf');
    expect(first).toMatch(/299\.00/);
    expect(first).toContain('Building 3, Flat 1201');
    expect(first).toContain('Shanghai 200120');
    expect(first).toContain('China');
    expect(first).toContain('To ship');
    expect(first).not.toContain(buyer.user.email);
    expect(await row(waiting).textContent()).toContain('Waiting for the group');
    expect(await row(waiting).locator('.ship-form').count()).toBe(0);
    expect(await row(waiting).locator('.order-note').textContent()).toContain('ships once every member of its group has paid');
    await m.waitForSelector('#payouts-body tr[data-status="failed"]');
    await m.evaluate(() => window.scrollTo(0, 0));
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-to-ship.png'), fullPage: true });

    // Without a tracking number nothing is sent, and the row says why.
    await row(shipped).locator('.ship-button').click();
    expect(await row(shipped).locator('.order-problem').textContent()).toContain('Enter the tracking number');
    expect(await row(shipped).locator('input[name="trackingNumber"]').getAttribute('aria-invalid')).toBe('true');
    await row(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-ship-needs-tracking.png') });
    expect(await statusOf(shipped, merchant.token)).toBe('paid');

    // Shipped with a carrier and a tracking number: the row says Shipped, and so does the API.
    await row(shipped).locator('input[name="carrier"]').fill('SF Express');
    await row(shipped).locator('input[name="trackingNumber"]').fill('SF1234567890');
    await row(shipped).locator('.ship-button').click();
    await m.waitForSelector(`#order-list > li[data-order-id="${shipped}"][data-status="shipped"]`);
    expect(await row(shipped).locator('.order-status').textContent()).toBe('Shipped');
    expect(await row(shipped).locator('.order-done').textContent()).toBe('Shipped with SF Express · SF1234567890.');
    expect(await row(shipped).locator('.ship-form').count()).toBe(0);
    const order = (await engine.http('GET', `/api/orders/${shipped}`, { token: merchant.token })).body;
    expect(order.status).toBe('shipped');
    expect(order.history.at(-1)).toMatchObject({ from: 'paid', to: 'shipped', reason: 'shipped: SF Express SF1234567890' });

    // An order shipped elsewhere meanwhile: the API's 409 shows on the row in plain words, and the row catches up.
    await engine.http('POST', `/api/orders/${shippedMeanwhile}/ship`, { token: merchant.token, body: { trackingNumber: 'YT1' } });
    await row(shippedMeanwhile).locator('input[name="trackingNumber"]').fill('YT2');
    await row(shippedMeanwhile).locator('.ship-button').click();
    await m.waitForSelector(`#order-list > li[data-order-id="${shippedMeanwhile}"][data-status="shipped"]`);
    expect(await row(shippedMeanwhile).locator('.order-problem').textContent()).toBe(
      'This order can no longer be shipped: its status changed meanwhile.',
    );

    // A refund asks first; "Keep the order" changes nothing.
    await row(refunded).locator('.refund-button').click();
    expect(await row(refunded).locator('.refund-confirmation').textContent()).toMatch(/Refund .*467\.00 to Han Meimei\?/);
    await row(refunded).locator('.refund-cancel').click();
    expect(await row(refunded).locator('.refund-confirmation').count()).toBe(0);
    await row(refunded).locator('.refund-button').click();
    await row(refunded).screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-refund-confirm.png') });
    await row(refunded).locator('.refund-confirm').click();
    await m.waitForSelector(`#order-list > li[data-order-id="${refunded}"][data-status="refunded"]`);
    expect(await statusOf(refunded, merchant.token)).toBe('refunded');
    await m.evaluate(() => window.scrollTo(0, 0));
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-after-actions.png'), fullPage: true });

    // The Shipped tab lists the two shipped orders; To ship, reloaded, only the group's.
    await m.click('#order-filters button[data-tab="shipped"]');
    await m.waitForFunction(() => document.querySelectorAll('#order-list > li[data-status="shipped"]').length === 2);
    await m.click('#order-filters button[data-tab="paid"]');
    await m.waitForFunction(
      (id) => [...document.querySelectorAll<HTMLElement>('#order-list > li')].map((li) => li.dataset.orderId).join() === id,
      waiting,
    );

    // Payouts: the paid one and the failed one with its reason; the statement downloads as CSV.
    const payoutsText = await m.textContent('#payouts-body');
    expect(payoutsText).toMatch(/512\.30/);
    expect(payoutsText).toContain('The bank account was closed');
    const [download] = await Promise.all([m.waitForEvent('download'), m.click('#settlement-download')]);
    expect(download.suggestedFilename()).toMatch(/^settlement-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'order_id,status,currency,gross_cents,platform_fee_cents,commissions_cents,referral_commission_cents,net_cents,recorded_at,refunded_at',
    );

    // On a phone the rows stack: items above the address, the form's fields full width.
    await m.setViewportSize({ width: 390, height: 844 });
    await m.click('#order-filters button[data-tab="all"]');
    await row(shipped).waitFor();
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-phone.png'), fullPage: true });

    expect(tracked.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);

  it('shows the empty states to a merchant with no orders and no payouts', async () => {
    const merchant = await suite.make.user(['merchant']);
    const tracked = await open('/merchant', merchant);
    const m = tracked.page;
    await m.waitForSelector('#orders-state:not([hidden])');
    expect(await m.textContent('#orders-state')).toContain('Nothing to ship');
    await m.waitForSelector('#payouts-state:not(.is-loading)');
    expect(await m.textContent('#payouts-state')).toContain('No payouts yet');
    await m.click('#order-filters button[data-tab="all"]');
    await m.waitForFunction(() => document.querySelector('#orders-state')?.textContent?.includes('No orders yet'));
    await m.screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-empty.png'), fullPage: true });

    // The server out of reach: the section says so and offers a retry, which recovers.
    await m.route('**/api/merchants/me/orders*', (route) => route.abort());
    await m.click('#order-filters button[data-tab="shipped"]');
    await m.waitForFunction(() => document.querySelector('#orders-state')?.textContent?.includes('Could not load your orders'));
    await m.locator('#orders').screenshot({ path: path.join(SCREENSHOTS_DIR, 'merchant-orders-error.png') });
    await m.unroute('**/api/merchants/me/orders*');
    await m.click('#orders-state button');
    await m.waitForFunction(() => document.querySelector('#orders-state')?.textContent?.includes('No shipped orders'));
  }, 30_000);
});
