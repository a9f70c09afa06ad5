/**
 * The partner flow in every engine, counted at the harness server: partner link -> merchant
 * landing -> the hand-off to the checkout site -> checkout -> receipt -> one pixel carrying the
 * partner, and the contact, purchase and credit in the simulated ONTRAPORT. Then a reloaded
 * receipt and the receipt in a second tab, which must send nothing new.
 */
import { expect, test } from './fixtures.js';
import { arrivalsOf } from './site.js';
import { creditedWith, pageErrors, partnerLink, placeOrder, settle, TAG_READY, until } from './steps.js';

const BUYER = 'buyer@example.com';

test('partner flow: link -> landing -> hand-off -> checkout -> receipt -> one pixel', async ({ engine, world, cell }) => {
  const { account, merchant, store } = world;
  const { partner, link } = partnerLink(world, merchant.landingUrl);
  const profile = await engine.newProfile();
  try {
    const tab = await profile.newTab();
    await tab.goto(link);
    expect(new URL(await tab.url()).origin, 'the promo link lands on the merchant').toBe(merchant.origin);
    // Browse on: the referral lives in the merchant's first-party cookie, not only in the URL.
    await tab.waitFor(TAG_READY);
    await tab.click('a[href="/about"]');
    await tab.waitFor(`location.pathname == '/about' && ${TAG_READY}`);
    await tab.click('a.buy');
    await tab.waitFor(`location.origin == ${JSON.stringify(store.origin)} && location.pathname == '/checkout' && ${TAG_READY}`);
    const handedOff = new URL(await tab.url()).searchParams.get('orid');
    const orderId = await placeOrder(tab, world, BUYER);
    await until(() => account.purchase(orderId), 10_000, `purchase ${orderId} in ONTRAPORT`);
    await settle(1_000);

    const pixels = arrivalsOf(world, orderId);
    const contact = account.contact(BUYER);
    const credit = account.partner(partner.id)!;
    const logged = (await tab.console()).filter((e) => e.text.includes('[partner-pixel]')).length;
    const errors = await pageErrors(world, [tab]);
    cell(
      `${pixels.length} pixel(s); credited ${creditedWith(world, orderId)}; contact first/last ${contact?.firstReferrer}/${contact?.lastReferrer}; ` +
        `partner ${credit.sales} sale(s); hand-off orid=${handedOff}; ${logged} debug lines read; ${errors.length} page errors`,
    );
    expect(handedOff, 'the link to the checkout site carries the referral').toBe(String(partner.id));
    expect(pixels, 'exactly one pixel reached the server').toHaveLength(1);
    expect(account.purchase(orderId)).toMatchObject({ partnerId: partner.id });
    expect(contact).toMatchObject({ firstReferrer: partner.id, lastReferrer: partner.id, firstName: 'Ada' });
    expect(credit).toMatchObject({ sales: 1, amount: account.purchase(orderId)!.total });
    expect(logged, 'the debug log can be read from the console').toBeGreaterThan(0);
    expect(errors, 'the script never throws into the page').toEqual([]);
  } finally {
    await profile.close();
  }
});

test('reloaded receipt and the receipt in a second tab send nothing new', async ({ engine, world, cell }) => {
  const { account, store } = world;
  const { partner, link } = partnerLink(world, store.checkoutUrl(store.catalog[0].id));
  const profile = await engine.newProfile();
  try {
    const tab = await profile.newTab();
    await tab.goto(link);
    await tab.waitFor(TAG_READY);
    const orderId = await placeOrder(tab, world, BUYER);
    await until(() => account.purchase(orderId), 10_000, `purchase ${orderId} in ONTRAPORT`);
    await settle(500);
    const first = arrivalsOf(world, orderId).length;
    const receipt = await tab.url();
    for (let i = 0; i < 2; i++) {
      await tab.goto(receipt);
      await tab.waitFor(TAG_READY);
    }
    const second = await profile.newTab();
    await second.goto(receipt);
    await second.waitFor(TAG_READY);
    await settle(1_500);
    const after = arrivalsOf(world, orderId).length;
    const errors = await pageErrors(world, [tab, second]);
    cell(`${first} pixel(s) from the receipt, ${after - first} more after 2 reloads + a second tab; ${account.purchases().length} purchase(s); ${errors.length} page errors`);
    expect(first).toBe(1);
    expect(after - first, 'nothing new from reloads or a second tab').toBe(0);
    expect(account.purchases()).toHaveLength(1);
    expect(account.partner(partner.id)).toMatchObject({ sales: 1 });
    expect(errors, 'the script never throws into the page').toEqual([]);
  } finally {
    await profile.close();
  }
});
