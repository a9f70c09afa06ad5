/**
 * "Tag + bridge" end to end in Chromium with third-party cookies blocked (the fixtures'
 * default): a partner's link, the merchant's landing page with the page tag, a checkout of
 * three products with a coupon, tax, shipping and handling, and no receipt tag on the receipt;
 * the store's webhook reaches the real bridge, whose server-side pixel and REST calls land in
 * the simulated ONTRAPORT account. Then a partial and a full refund in the store's admin, a
 * declined card, and a product added while the store sells. Nothing is awaited by time: each
 * step polls the account.
 */
import * as bridgeModule from '@partner-pixel/bridge';
import { linkBridge, type BridgeLink } from '@partner-pixel/harness';
import { checkout, expect, recordPixelRequests, test, TEST_CARDS, withLink } from '@partner-pixel/harness/playwright';
import type { Page } from '@playwright/test';

let link: BridgeLink | undefined;
test.afterEach(async () => {
  await link?.close();
  link = undefined;
});

/** A refund typed into the admin's row of the order ('' = the rest of it); resolves on the admin's message. */
async function refundInAdmin(page: Page, origin: string, orderId: string, amount: string) {
  await page.goto(`${origin}/admin`);
  const row = page.locator('tr', { hasText: orderId });
  await row.getByLabel('Amount to refund').fill(amount);
  await row.getByRole('button', { name: 'Refund' }).click();
  await expect(page.locator('.notice')).toContainText('sent to the bridge');
}

test('partner link, three products with a coupon, the bridge reports every item to the cent and credits the partner; refunds, a decline and a new product follow', async ({ page, sim, account, store, merchant }) => {
  // About a dozen page loads and seven bridge jobs: 20 to 30 s on two loaded cores.
  test.setTimeout(90_000);
  link = await linkBridge(sim, bridgeModule as never);
  const tool = account.addPromoTool({ name: 'Landing page', landingUrl: merchant.landingUrl });
  const paula = withLink(account, account.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' }), tool);

  // The switch, as a merchant flips it on the dashboard.
  await page.goto(`${account.origin}/`);
  await page.getByRole('button', { name: 'Tag + bridge' }).click();
  await expect(page.locator('#integration')).toContainText('Tag + bridge');
  expect(store.integration).toBe('bridge');

  await page.goto(paula.link());
  await page.locator('#buy-all').click();
  await page.waitForURL((url) => url.origin == store.origin && url.pathname == '/checkout');
  // The page tag wrote the referral into UltraCart's custom field on the way.
  expect(new URL(page.url()).searchParams.get('CustomField1')).toBe(String(paula.id));
  const pixelsFromBrowser = recordPixelRequests(page);
  const { approved, orderId } = await checkout(page, { email: 'ada@example.com', coupon: 'SAVE5' });
  expect(approved).toBe(true);
  await page.waitForLoadState('load');
  await expect(page.locator('#partner-pixel-order')).toHaveCount(0);
  await expect(page.locator('script[src*="partner-pixel"]')).toHaveCount(0);

  const order = store.order(orderId!)!;
  expect(order.items.map((i) => i.id)).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
  expect(order.discount).toBe(500);
  await expect.poll(() => account.purchases().length, { message: 'the bridge to report the sale' }).toBe(1);
  const purchase = account.purchase(orderId!)!;
  expect(purchase).toMatchObject({ source: 'server-pixel', status: 'paid', partnerId: paula.id, total: order.total, tax: order.tax, shipping: order.shipping + order.handling });
  expect(purchase.items.map((i) => [i.id, i.quantity])).toEqual(order.items.map((i) => [i.id, i.quantity]));
  expect(purchase.items.reduce((s, i) => s + i.price * i.quantity, 0) + purchase.tax + purchase.shipping).toBe(order.total);
  expect(account.contact('ada@example.com')).toMatchObject({ firstReferrer: paula.id, lastReferrer: paula.id, firstName: 'Ada', lastName: 'Lovelace' });
  expect(account.partner(paula.id)).toMatchObject({ sales: 1, amount: order.total });
  // No pixel left the buyer's browser: the only one came from the bridge.
  expect(pixelsFromBrowser).toEqual([]);
  expect(account.pixels().map((h) => h.source)).toEqual(['server-pixel']);

  await refundInAdmin(page, store.origin, orderId!, '10.00');
  await expect.poll(() => account.partner(paula.id)!.amount, { message: 'the net credited after the partial refund' }).toBe(order.total - 1000);
  expect(account.purchases().map((p) => [p.source, p.status, p.total])).toEqual([['server-pixel', 'void', order.total], ['api', 'paid', order.total - 1000]]);
  await refundInAdmin(page, store.origin, orderId!, '');
  await expect.poll(() => account.partner(paula.id), { message: 'the credit taken back by the full refund' }).toMatchObject({ sales: 0, amount: 0 });

  const declined = await checkout(page, { sku: 'SKU-2', email: 'declined@example.com', card: TEST_CARDS.decline });
  expect(declined.approved).toBe(false);
  await expect.poll(() => account.purchases().filter((p) => p.status == 'declined').map((p) => p.email), { message: 'the decline to reach ONTRAPORT' }).toEqual(['declined@example.com']);

  await page.goto(`${store.origin}/admin`);
  const form = page.locator('#add-item');
  await form.getByLabel('Item id').fill('SKU-4');
  await form.getByLabel('Name').fill('Workbook');
  await form.getByLabel('Price').fill('24.00');
  await form.getByRole('button', { name: 'Add product' }).click();
  await expect(page.locator('.notice')).toContainText('item_create sent to the bridge');
  await expect.poll(() => account.products().find((p) => p.fields.sku == 'SKU-4')?.name, { message: 'the new product in ONTRAPORT' }).toBe('Workbook');
  expect(account.products().find((p) => p.fields.sku == 'SKU-4')!.price).toBe('24.00');
  await page.goto(store.checkoutUrl('SKU-4'));
  await expect(page.locator('main')).toContainText('Workbook');

  // What a merchant reads on the dashboard: which path reported the sale.
  await page.goto(`${account.origin}/`);
  await expect(page.locator('#purchases')).toContainText('bridge: server pixel');
  await expect(page.locator('#products')).toContainText('SKU-4');
});
