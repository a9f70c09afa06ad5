/**
 * The whole flow in Chromium: partner link -> checkout -> receipt -> pixel ->
 * contact and partner credit in the simulated ONTRAPORT, at realistic host names over https.
 * Each test adds a row to the attribution table printed at the end of the run.
 */
import {
  checkout,
  expect,
  followPartnerLink,
  readReceipt,
  recordPixelRequests,
  test,
  TEST_CARDS,
  withLink,
  type Ontraport,
  type TestPartner,
} from '@partner-pixel/harness/playwright';
import { recordAttribution, type AttributionRow } from './attribution.js';

const BUYER = 'buyer@example.com';

/** Who the account credited with an order, for the table: "Pat (480125)" or "nobody". */
function creditedWith(account: Ontraport, orderId: string): string {
  const id = account.purchase(orderId)?.partnerId;
  const p = id == null ? undefined : account.partner(id);
  return p ? `${p.firstName} (${p.id})` : 'nobody';
}

/**
 * Waits for the order's purchase, then adds its table row; called before the test's own
 * assertions, so that a failing case still shows in the table.
 */
async function row(account: Ontraport, orderId: string, r: Omit<AttributionRow, 'credited' | 'asExpected'>, expected: TestPartner | null) {
  await expect(account).toHaveRecordedPurchase(orderId);
  const credited = creditedWith(account, orderId);
  const wanted = expected ? `${expected.firstName} (${expected.id})` : 'nobody';
  recordAttribution({ ...r, credited, asExpected: credited == wanted });
}

/** A second partner of the account, with a link through the same promo tool. */
const secondPartner = (account: Ontraport, first: TestPartner) =>
  withLink(account, account.addPartner({ firstName: 'Sam', lastName: 'Second', email: 'sam.second@example.com' }), first.promoTool);

test.describe('the flow, with our script on the store', () => {
  test("ONTRAPORT's manual test: promo link, purchase with another email, contact and purchase credited", async ({ page, account, partner }) => {
    await followPartnerLink(page, partner);
    const { approved, orderId } = await checkout(page, { email: BUYER, firstName: 'Ada', lastName: 'Lovelace' });
    expect(approved).toBe(true);
    await row(account, orderId!, { case: "ONTRAPORT's manual test (promo link -> checkout)", cookies: 'blocked', method: 'ours' }, partner);
    const receipt = await readReceipt(page);
    expect(receipt.orderId).toBe(orderId);
    expect(receipt.hasScript).toBe(true);

    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id, total: String(receipt.order!.total) });
    // The buyer's email differs from the partner's: a new contact, referred by the partner.
    expect(BUYER).not.toBe(partner.email);
    await expect(account).toHaveContact(BUYER, { firstReferrer: partner, lastReferrer: partner });
    await expect(account).toHaveCredited(partner, { sales: 1, amount: String(receipt.order!.total) });
    expect(account.contact(BUYER)).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
  });

  test('a declined card: no receipt, no pixel, no purchase', async ({ page, account, partner }) => {
    const sent = recordPixelRequests(page);
    await followPartnerLink(page, partner);
    const result = await checkout(page, { email: BUYER, card: TEST_CARDS.decline });
    expect(result.approved).toBe(false);
    expect(result.error).toMatch(/declined/i);
    await expect(page).toHaveURL(/\/checkout/);
    expect(sent).toEqual([]);
    expect(account.pixels()).toEqual([]);
    expect(account.purchases()).toEqual([]);
    expect(account.contact(BUYER)).toBeUndefined();
  });

  test('a reloaded receipt records one purchase', async ({ page, account, partner }) => {
    await followPartnerLink(page, partner);
    const { orderId } = await checkout(page, { email: BUYER });
    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id });
    const sent = recordPixelRequests(page);
    await page.reload();
    await page.reload();
    expect(sent).toEqual([]);
    expect(account.purchases()).toHaveLength(1);
    expect(account.pixels().filter((p) => p.outcome == 'recorded')).toHaveLength(1);
    await expect(account).toHaveCredited(partner, { sales: 1 });
  });

  for (const attribution of ['last', 'first'] as const) {
    test.describe(`attribution "${attribution}"`, () => {
      test.use({ attribution });

      test("a second partner's link before buying", async ({ page, account, partner }) => {
        const second = secondPartner(account, partner);
        await followPartnerLink(page, partner);
        await followPartnerLink(page, second);
        const { orderId } = await checkout(page, { email: BUYER });
        const credited = attribution == 'first' ? partner : second;
        const other = credited == partner ? second : partner;
        await row(account, orderId!, { case: `second partner's link before buying, attribution ${attribution}`, cookies: 'blocked', method: 'ours' }, credited);
        await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: credited.id });
        // A new contact: ONTRAPORT makes the referrer of its first order both first and last.
        await expect(account).toHaveContact(BUYER, { firstReferrer: credited, lastReferrer: credited });
        await expect(account).toHaveCredited(credited, { sales: 1 });
        await expect(account).toHaveCredited(other, { sales: 0, amount: 0 });
      });

      test('an existing contact buys again through a second partner', async ({ page, account, partner }) => {
        const second = secondPartner(account, partner);
        await followPartnerLink(page, partner);
        const first = await checkout(page, { email: BUYER });
        await expect(account).toHaveRecordedPurchase(first.orderId!, { partnerId: partner.id });
        await followPartnerLink(page, second);
        const again = await checkout(page, { email: BUYER });
        // The script sends the first or the last referral per the setting; ONTRAPORT keeps
        // the contact's first referrer and moves the last one to whoever the order carried.
        const credited = attribution == 'first' ? partner : second;
        await row(account, again.orderId!, { case: `existing contact, second partner, attribution ${attribution}`, cookies: 'blocked', method: 'ours' }, credited);
        await expect(account).toHaveRecordedPurchase(again.orderId!, { partnerId: credited.id });
        await expect(account).toHaveContact(BUYER, { firstReferrer: partner, lastReferrer: credited });
        await expect(account).toHaveCredited(partner, { sales: attribution == 'first' ? 2 : 1 });
        await expect(account).toHaveCredited(second, { sales: attribution == 'first' ? 0 : 1 });
      });
    });
  }

  test('landing on the merchant site, buying on the checkout site', async ({ page, account, partner, merchant, store }) => {
    const tool = account.addPromoTool({ name: 'Home page', landingUrl: merchant.landingUrl });
    await followPartnerLink(page, partner, { promoToolId: tool.id });
    expect(new URL(page.url()).origin).toBe(merchant.origin);
    // Browse on: the referral is in the merchant's first-party cookie, not only in the URL.
    await page.getByRole('link', { name: 'About us' }).click();
    // A click lands once the page has loaded (and with it the async tag), as a person's would;
    // a click before the tag has run is not decorated (docs/guarantees.md).
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: /^Buy / }).click();
    // The script decorated the link to the other site with the referral.
    await expect(page).toHaveURL(new RegExp(`^${store.origin}/checkout\\?.*orid=${partner.id}`));
    const { orderId } = await checkout(page, { email: BUYER });
    await row(account, orderId!, { case: 'merchant landing -> checkout site (decorated link)', cookies: 'blocked', method: 'ours' }, partner);
    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id });
    await expect(account).toHaveContact(BUYER, { firstReferrer: partner, lastReferrer: partner });
  });

  test('full and partial refunds', async ({ page, account, partner, store }) => {
    await followPartnerLink(page, partner);
    const a = await checkout(page, { email: BUYER });
    await expect(account).toHaveRecordedPurchase(a.orderId!, { partnerId: partner.id });
    const b = await checkout(page, { email: BUYER, sku: store.catalog[1].id });
    await expect(account).toHaveRecordedPurchase(b.orderId!, { partnerId: partner.id });
    const totalA = account.purchase(a.orderId!)!.total;
    const totalB = account.purchase(b.orderId!)!.total;
    await expect(account).toHaveCredited(partner, { sales: 2, amount: totalA + totalB });

    // A partial refund, from the store's admin page: UltraCart keeps it to itself.
    await page.goto(`${store.origin}/admin`);
    const rowB = page.getByRole('row').filter({ hasText: b.orderId! });
    await rowB.getByRole('textbox', { name: 'Amount to refund' }).fill('5.00');
    await rowB.getByRole('button', { name: 'Refund' }).click();
    await expect(page.locator('.notice')).toContainText('partial refund: UltraCart does not report partial refunds to ONTRAPORT');
    expect(store.order(b.orderId!)!.refunds).toMatchObject([{ amount: 500, full: false, propagated: false }]);
    await expect(account).toHaveCredited(partner, { sales: 2, amount: totalA + totalB });
    expect(account.purchase(b.orderId!)!.refunded).toBe(false);

    // A full refund reaches ONTRAPORT and reverses the partner's credit for that order.
    expect(store.refund(a.orderId!)).toMatchObject({ ok: true, full: true, propagated: true, ontraport: 'refunded' });
    await expect(account).toHaveCredited(partner, { sales: 1, amount: totalB });
    expect(account.purchase(a.orderId!)!.refunded).toBe(true);
  });
});

/**
 * Third-party cookies blocked vs allowed, our method vs the original (a plain ONTRAPORT pixel
 * on the receipt that relies on ONTRAPORT's own cookie, set when the promo link was clicked).
 */
for (const cookies of ['blocked', 'allowed'] as const) {
  for (const method of ['ours', 'original'] as const) {
    test.describe(`third-party cookies ${cookies}, ${method} method`, () => {
      test.use({ thirdPartyCookies: cookies, storeMode: method == 'ours' ? 'pixel' : 'original' });

      test('who is credited', async ({ page, account, partner }) => {
        await followPartnerLink(page, partner);
        const { orderId } = await checkout(page, { email: BUYER });
        const receipt = await readReceipt(page);
        expect(receipt.hasScript).toBe(method == 'ours');
        // The original pixel is an <img> in the page: after load it has been answered.
        await expect(account).toHaveRecordedPurchase(orderId!);
        const hit = account.pixels().find((p) => p.orderId == orderId)!;
        const lost = method == 'original' && cookies == 'blocked';
        await row(account, orderId!, { case: 'promo link -> checkout', cookies, method }, lost ? null : partner);
        // The browser sends ONTRAPORT's cookie to the pixel host only when it allows third-party
        // cookies; our pixel does not need it, the original one depends on it.
        expect(hit.cookie?.includes('oprid=') ?? false, 'ONTRAPORT cookie sent with the pixel').toBe(cookies == 'allowed');
        await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: lost ? null : partner.id });
        await expect(account).toHaveContact(BUYER, { firstReferrer: lost ? null : partner });
      });
    });
  }
}
