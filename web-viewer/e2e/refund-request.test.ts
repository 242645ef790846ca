import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { eventually } from '../../server/test/harness.ts';
import { SCREENSHOTS_DIR, useBrowserSuite } from './browser-suite.ts';

type Made = { user: { id: string; email: string }; token: string };

describe('after-sales in Chromium: a buyer cancels and asks for a refund, the merchant approves', () => {
  const suite = useBrowserSuite();
  const { open, shot } = suite;

  const orderOf = async (orderId: string, token: string) => (await suite.engine.http('GET', `/api/orders/${orderId}`, { token })).body;

  /** Pays through the sandbox provider and waits for the webhook to mark the order paid. */
  async function paidOrder(buyer: Made, productId: string): Promise<string> {
    const placed = await suite.engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(201);
    await suite.engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, {
      token: buyer.token,
      body: { outcome: 'succeeded' },
    });
    await eventually(
      async () => (await orderOf(placed.body.id, buyer.token)).status,
      (status) => status === 'paid',
    );
    return placed.body.id;
  }

  it('the buyer cancels an unshipped order, requests a refund on a shipped one, the merchant approves it and the buyer sees Refunded', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant'], { displayName: 'Silk Road Studio' });
    const buyer = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const scarf = await make.product(merchant.token, { title: 'Hand-dyed silk scarf', priceCents: 29900, stock: 20 });
    const tea = await make.product(merchant.token, { title: 'Longjing green tea', priceCents: 16800, stock: 20 });

    const shipped = await paidOrder(buyer, scarf.id);
    await engine.http('POST', `/api/orders/${shipped}/ship`, {
      token: merchant.token,
      body: { carrier: 'SF Express', trackingNumber: 'SF1234567890' },
    });
    const unshipped = await paidOrder(buyer, tea.id);

    const buyerPage = await open('/orders', buyer);
    const page = buyerPage.page;
    const card = (orderId: string) => page.locator(`#my-order-list > li[data-order-id="${orderId}"]`);
    await card(shipped).waitFor();
    expect(await card(shipped).locator('.request-refund').count()).toBe(1);
    expect(await card(shipped).locator('.cancel-order').count()).toBe(0);
    expect(await card(unshipped).locator('.request-refund').count()).toBe(0);

    // The merchant keeps the console open on "Refund requests": none yet.
    const merchantPage = await open('/merchant', merchant);
    const m = merchantPage.page;
    await m.waitForSelector('#orders:not([hidden])');
    await m.click('#order-filters button[data-tab="refunds"]');
    await m.getByText('No refund requests').waitFor();

    // Cancel asks first; "Keep the order" changes nothing, then cancelling refunds at once.
    await card(unshipped).locator('.cancel-order').click();
    await page.waitForSelector('#cancel-order-dialog[open]');
    expect(await page.textContent('#cancel-order-dialog')).toMatch(/you get .*168\.00 back at once/);
    await shot(buyerPage, 'refund-cancel-confirm');
    await page.click('#cancel-order-keep');
    await page.waitForSelector('#cancel-order-dialog:not([open])', { state: 'attached' });
    expect((await orderOf(unshipped, buyer.token)).status).toBe('paid');
    await card(unshipped).locator('.cancel-order').click();
    await page.click('#cancel-order-confirm');
    await page.waitForSelector(`#my-order-list > li[data-order-id="${unshipped}"][data-status="refunded"]`);
    expect(await card(unshipped).locator('.my-order-done').textContent()).toMatch(/Cancelled: .*168\.00 is on its way back to you/);
    expect(await card(unshipped).locator('.cancel-order').count()).toBe(0);
    expect((await orderOf(unshipped, buyer.token)).history.at(-1)).toMatchObject({
      to: 'refunded',
      reason: 'cancelled by the buyer before shipping',
    });

    // The refund dialog asks for a reason first, then sends it with the details and says when the shop answers.
    await card(shipped).locator('.request-refund').click();
    await page.waitForSelector('#refund-request-dialog[open]');
    await page.click('#refund-submit');
    expect(await page.textContent('#refund-error')).toContain('Choose what went wrong');
    expect(await page.getAttribute('#refund-reason', 'aria-invalid')).toBe('true');
    await page.selectOption('#refund-reason', 'damaged');
    await page.fill('#refund-details', 'The scarf has a tear along one edge. <b>not bold</b>');
    await shot(buyerPage, 'refund-request-dialog');
    await page.click('#refund-submit');
    await page.waitForSelector('#refund-sent');
    const request = (await orderOf(shipped, buyer.token)).refundRequest;
    expect(request).toMatchObject({
      status: 'requested',
      reason: 'damaged',
      details: 'The scarf has a tear along one edge. <b>not bold</b>',
    });
    expect(await page.getAttribute('#refund-sent time', 'datetime')).toBe(request.respondBy);
    expect(await page.textContent('#refund-sent')).toContain('Silk Road Studio answers by');
    await shot(buyerPage, 'refund-request-sent');
    await page.click('#refund-sent .modal-actions button');
    await page.waitForSelector(`#my-order-list > li[data-order-id="${shipped}"] .my-order-refund[data-refund-status="requested"]`);
    expect(await card(shipped).locator('.my-order-refund').textContent()).toMatch(/^Refund requested · Silk Road Studio answers by /);
    expect(await card(shipped).locator('.request-refund').count()).toBe(0);
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'refund-requested-card.png') });

    // The merchant's open console shows it under "Refund requests" without a reload, with the reason
    // and the buyer's words as text.
    const row = m.locator(`#order-list > li[data-order-id="${shipped}"]`);
    await row.locator('.refund-request-box').waitFor();
    expect(await m.locator('#order-list > li').count()).toBe(1);
    expect(await row.locator('.refund-requested-badge').textContent()).toBe('Refund requested');
    expect(await row.locator('.refund-request-reason').textContent()).toBe('It arrived damaged');
    expect(await row.locator('.refund-request-details').textContent()).toBe('“The scarf has a tear along one edge. <b>not bold</b>”');
    expect(await row.locator('.refund-request-box b').count()).toBe(0);
    await row.screenshot({ path: path.join(SCREENSHOTS_DIR, 'refund-request-merchant-row.png') });
    const notified = (await engine.http('GET', '/api/me/notifications', { token: merchant.token })).body.items;
    expect(notified.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['refund_requested', 'order_cancelled']));

    // Decline asks for a reason; backing out changes nothing. Approve refunds.
    await row.locator('.decline-refund').click();
    await m.waitForSelector('#decline-refund-dialog[open]');
    await m.click('#decline-confirm');
    expect(await m.textContent('#decline-error')).toContain('at least 3 characters');
    await shot(merchantPage, 'refund-decline-dialog');
    await m.keyboard.press('Escape');
    await m.waitForSelector('#decline-refund-dialog:not([open])', { state: 'attached' });
    expect((await orderOf(shipped, merchant.token)).refundRequest.status).toBe('requested');
    await row.locator('.approve-refund').click();
    await m.waitForSelector(`#order-list > li[data-order-id="${shipped}"][data-status="refunded"]`);
    expect(await row.locator('.refund-request-answer').textContent()).toBe('Refund request approved.');
    expect(await row.locator('.order-done').textContent()).toContain('Refund approved');
    expect(await row.locator('.approve-refund').count()).toBe(0);

    // The buyer's card follows live: Refunded.
    await page.waitForSelector(
      `#my-order-list > li[data-order-id="${shipped}"][data-status="refunded"] .my-order-refund[data-refund-status="approved"]`,
    );
    expect(await card(shipped).locator('.order-status').textContent()).toBe('Refunded');
    expect(await card(shipped).locator('.my-order-refund').textContent()).toMatch(/^Refunded · your request was approved /);
    expect(await card(shipped).locator('.my-order-done').count()).toBe(0);
    await card(shipped).screenshot({ path: path.join(SCREENSHOTS_DIR, 'refund-refunded-card.png') });
    expect((await orderOf(shipped, buyer.token)).status).toBe('refunded');
    expect(await engine.services.ledger.auditBooks()).toMatchObject({ unbalancedTransactions: 0, imbalanceCents: 0 });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'refund-my-orders-phone.png'), fullPage: true });
    expect(buyerPage.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    expect(merchantPage.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 90_000);
});
