import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { eventually } from '../../server/test/harness.ts';
import { useBrowserSuite } from './browser-suite.ts';

/** Console errors a CSP refusal leaves ("Refused to load …", "… violates the following Content Security Policy …"). */
const cspRefusals = (problems: string[]) => problems.filter((p) => /Content Security Policy|Refused to/i.test(p));

describe('My data on /account in Chromium, under the CSP', () => {
  const suite = useBrowserSuite();
  const { open, shot } = suite;

  it('downloads the export, lists what to finish before deleting, and deletes an account that owes nothing', async () => {
    const { engine, make } = suite;
    const merchant = await make.user(['merchant'], { displayName: 'Lotus Goods' });
    const product = await make.product(merchant.token, { title: 'Silk scarf', stock: 5 });
    const buyer = await make.user(['viewer'], { displayName: 'Han Meimei' });
    const placed = await engine.http('POST', '/api/orders', {
      token: buyer.token,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    });
    await engine.http('POST', `/api/payments/${placed.body.paymentId}/sandbox-pay`, { token: buyer.token, body: { outcome: 'succeeded' } });
    await eventually(
      async () => (await engine.http('GET', `/api/orders/${placed.body.id}`, { token: buyer.token })).body.status,
      (status) => status === 'paid',
    );

    // The merchant downloads their data.
    const tracked = await open('/account', merchant);
    const { page } = tracked;
    await page.waitForSelector('#my-data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#my-data-download')]);
    expect(download.suggestedFilename()).toMatch(/^streamcart-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile((await download.path()) ?? '', 'utf8'));
    expect(file.profile.email).toBe(merchant.user.email);
    expect(file.userId).toBe(merchant.user.id);

    // Deleting asks for a confirmation, then lists the paid order still to ship, and keeps the account.
    await page.click('#my-data-delete');
    await page.waitForSelector('#my-data-confirm:not([hidden])');
    await page.fill('#my-data-confirm-input', 'DELETE');
    await page.click('#my-data-confirm-delete');
    const toShip = page.locator('#my-data-obligations li[data-kind="orders_to_ship"]');
    await toShip.waitFor();
    expect(await toShip.textContent()).toContain('1 paid order of your shop still to ship');
    expect(await toShip.locator('a').getAttribute('href')).toBe('/merchant');
    await shot(tracked, 'account-my-data-obligations');
    expect((await engine.http('GET', '/api/me', { token: merchant.token })).status).toBe(200);

    // A viewer with nothing open deletes their account: signed out at once, the old token refused.
    const leaver = await make.user(['viewer'], { displayName: 'Leaving Soon' });
    const leaving = await open('/account', leaver);
    await leaving.page.click('#my-data-delete');
    await leaving.page.fill('#my-data-confirm-input', 'delete');
    await leaving.page.click('#my-data-confirm-delete');
    await leaving.page.waitForSelector('#signed-out:not([hidden])');
    expect((await engine.http('GET', '/api/me', { token: leaver.token })).status).toBe(401);

    expect(cspRefusals(tracked.problems)).toEqual([]);
    expect(cspRefusals(leaving.problems)).toEqual([]);
  });

  it('loads the home page, the live room and the API docs without a CSP refusal', async () => {
    const { engine, make } = suite;
    const kol = await make.user(['kol']);
    const stream = await make.stream(kol.token);
    for (const url of ['/', `/live/${stream.id}`, '/account', '/docs/']) {
      const page = await fetch(`${engine.url}${url}`);
      expect(page.headers.get('content-security-policy'), url).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options'), url).toBe('DENY');
      await page.body?.cancel();
      const tracked = await open(url);
      await tracked.page.waitForLoadState('networkidle');
      if (url === '/docs/') await tracked.page.waitForSelector('.swagger-ui .opblock');
      expect(cspRefusals(tracked.problems), url).toEqual([]);
    }
  });
});
