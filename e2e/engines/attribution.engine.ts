/**
 * The attribution table per engine: ONTRAPORT's original pixel (an image on the receipt that
 * relies on ONTRAPORT's own cookie, set when the promo link was clicked, so a third-party
 * cookie on the receipt) against ours (the partner on the pixel, from a first-party referral),
 * under each engine's third-party cookie settings: as it ships, all allowed, and, in Firefox,
 * blocked (cookieBehavior 1) beside its shipped partitioning (5).
 */
import type { EngineName } from './driver.js';
import { expect, test } from './fixtures.js';
import { arrivalsOf, newWorld } from './site.js';
import { creditedWith, partnerLink, placeOrder, settle, until } from './steps.js';

type Variant = 'as shipped' | 'allowed' | 'blocked';

/** Each row's setting, by the key the engine's driver knows it by; absent when it is the shipped one. */
const SETTINGS: Record<EngineName, Partial<Record<Variant, string>>> = {
  chromium: { 'as shipped': 'blocked', allowed: 'allowed' },
  firefox: { 'as shipped': 'partitioned', allowed: 'accepted', blocked: 'blocked' },
  webkit: { 'as shipped': 'shipped', allowed: 'always' },
};

/**
 * Measured, not Safari: WebKitGTK's shipped policy (no-third-party) refuses cookies a third
 * party tries to set, but still sends a site's cookies once the buyer has visited that site as
 * a first party, as the promo link's redirect makes them do. Safari's full third-party cookie
 * blocking does not (docs/engines.md); so the original pixel is credited here.
 */
const SENDS_VISITED: Partial<Record<EngineName, Partial<Record<Variant, true>>>> = { webkit: { 'as shipped': true } };

for (const variant of ['as shipped', 'allowed', 'blocked'] as const)
  for (const method of ['original', 'ours'] as const)
    test(`attribution: ${method} pixel, third-party cookies ${variant}`, async ({ engine, engines, engineName, site, cell }) => {
      const key = SETTINGS[engineName][variant];
      test.skip(!key, `the same as shipped in ${engineName}`);
      void engine; // skips the case when the engine is missing
      const launched = await engines.get(key);
      const setting = launched.cookieSettings[key!];
      const world = newWorld(site, { mode: method == 'ours' ? 'pixel' : 'original' });
      const { partner, link } = partnerLink(world, world.store.checkoutUrl(world.store.catalog[0].id));
      const profile = await launched.newProfile();
      try {
        const tab = await profile.newTab();
        await tab.goto(link);
        await tab.waitFor(`document.readyState == 'complete'`);
        const orderId = await placeOrder(tab, world, 'buyer@example.com');
        await until(() => world.account.purchase(orderId), 10_000, `purchase ${orderId} in ONTRAPORT`);
        await settle(300);
        const hit = world.account.pixels().find((p) => p.orderId == orderId);
        const cookieSent = hit?.cookie?.includes('oprid=') ?? false;
        const credited = creditedWith(world, orderId);
        // The original pixel credits only when the browser sends ONTRAPORT's cookie to it.
        const sends = variant == 'allowed' || !!SENDS_VISITED[engineName]?.[variant];
        const expected = method == 'ours' || sends ? `${partner.firstName} (${partner.id})` : 'nobody';
        cell(`${setting.label}: credited ${credited}, ONTRAPORT cookie ${cookieSent ? 'sent' : 'not sent'}${credited == expected ? '' : ` (expected ${expected})`}`);
        expect(arrivalsOf(world, orderId)).toHaveLength(1);
        expect(credited).toBe(expected);
        if (method == 'original') expect(cookieSent, 'ONTRAPORT cookie on the original pixel').toBe(sends);
      } finally {
        await profile.close();
      }
    });
