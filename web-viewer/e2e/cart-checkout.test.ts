import { describe, expect, it } from 'vitest';
import { ADDRESS } from '../../server/test/factories.ts';
import { useBrowserSuite } from './browser-suite.ts';

describe('the bag (/cart) in Chromium', () => {
  const suite = useBrowserSuite();

  it('collects products of two merchants from their pages and pays them in one go, as two orders', async () => {
    const [teaShop, scarfShop] = await Promise.all([suite.make.user(['merchant']), suite.make.user(['merchant'])]);
    const buyer = await suite.make.user(['viewer'], { displayName: 'Mei Lin' });
    const tea = await suite.make.product(teaShop.token, {
      title: 'Longjing tea',
      priceCents: 12000,
      stock: 10,
      imageUrl: `${suite.engine.url}/demo/tea.svg`,
    });
    const scarf = await suite.make.product(scarfShop.token, {
      title: 'Silk scarf',
      priceCents: 19900,
      stock: 10,
      imageUrl: `${suite.engine.url}/demo/scarf.svg`,
    });

    const tracked = await suite.open(`/products/${tea.id}`, buyer);
    const p = tracked.page;
    await p.waitForSelector('#product:not([hidden])');
    await p.click('#product-add-to-bag');
    await p.click('#product-add-to-bag');
    await p.waitForFunction(() => document.querySelector('.bag-link')?.textContent?.includes('· 2'));
    // The scarf comes from a live show's shopping bag, so the show is remembered for its KOL.
    const kol = await suite.make.user(['kol']);
    const stream = await suite.make.stream(kol.token, { title: 'Scarves tonight' });
    await suite.engine.http('POST', `/api/streams/${stream.id}/showcase`, { token: kol.token, body: { productId: scarf.id } });
    await p.goto(`${suite.engine.url}/live/${stream.id}`);
    await p.click('#showcase-open');
    await p.click('button[aria-label="Add Silk scarf to your bag"]');
    await p.waitForSelector('#showcase-checkout:not([hidden])');
    expect(await p.textContent('#showcase-checkout')).toBe('Check out your bag (3)');
    expect(await p.evaluate(() => JSON.parse(localStorage.getItem('streamcart.cart') ?? '[]')[1]?.streamId)).toBe(stream.id);

    await p.goto(`${suite.engine.url}/cart`);
    await p.waitForSelector('#cart-summary:not([hidden])');
    expect(await p.locator('.cart-parcel').count()).toBe(2);
    const total = await p.evaluate(() => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'CNY' }).format(439));
    expect(await p.textContent('#cart-total')).toBe(total);
    await p.fill('#cart-name', ADDRESS.name);
    await p.fill('#cart-line1', ADDRESS.line1);
    await p.fill('#cart-city', ADDRESS.city);
    await p.fill('#cart-postalCode', ADDRESS.postalCode);
    await p.fill('#cart-country', ADDRESS.country);
    await suite.shot(tracked, 'cart-desktop');
    await p.setViewportSize({ width: 390, height: 844 });
    await suite.shot(tracked, 'cart-mobile');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await p.click('#cart-pay');
    await p.waitForSelector('#cart-done:not([hidden])');
    expect(await p.textContent('#cart-done-text')).toContain('2 orders');
    await suite.shot(tracked, 'cart-paid-mobile');

    const orders = await suite.engine.http('GET', '/api/me/orders', { token: buyer.token });
    const paid = orders.body.items.filter((o: { status: string }) => o.status === 'paid');
    expect(paid.map((o: { totalCents: number }) => o.totalCents).sort((a: number, b: number) => a - b)).toEqual([19900, 24000]);
    // The new address went into the buyer's address book.
    const book = await suite.engine.http('GET', '/api/me/addresses', { token: buyer.token });
    expect(book.body.items.map((a: { address: { line1: string } }) => a.address.line1)).toEqual([ADDRESS.line1]);
    expect(tracked.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  });
});
