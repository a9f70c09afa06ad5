/**
 * `@partner-pixel/harness/playwright`: Playwright fixtures that replay partner link ->
 * checkout -> receipt -> pixel in real Chromium against the simulated ONTRAPORT and UltraCart.
 *
 * Each worker starts ONE local https server (self-signed certificate) that serves the
 * simulated sites at realistic host names, and one Chromium whose resolver maps those names to
 * it and nothing else anywhere. Every test gets a fresh simulation, so tests never see each
 * other's contacts, orders or pixels.
 *
 * ```ts
 * import { test, expect, followPartnerLink, checkout } from '@partner-pixel/harness/playwright';
 *
 * test('a partner is credited', async ({ page, account, partner }) => {
 *   await followPartnerLink(page, partner);
 *   const { orderId } = await checkout(page, { email: 'buyer@example.com' });
 *   await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id });
 * });
 * ```
 */
export { test, type HarnessFixtures, type HarnessOptions, type HarnessWorkerFixtures } from './fixtures.js';
export { expect, type PartnerRef } from './matchers.js';
export {
  checkout,
  followPartnerLink,
  readReceipt,
  recordPixelRequests,
  waitForPixels,
  type CheckoutDetails,
  type CheckoutResult,
  type Receipt,
} from './actions.js';
export { withLink, type TestPartner } from './partner.js';
export { HOSTS } from './hosts.js';
export {
  CHROMIUM_ARGS,
  CHROMIUM_ENV,
  SYSTEM_CHROMIUM_PATHS,
  chromiumArgs,
  findChromium,
  hostResolverRules,
  isAllowedUrl,
  launchOptions,
  type BrowserLaunchSettings,
} from './chromium.js';
export { TEST_BUYER, TEST_CARDS } from '../ultracart/pricing.js';
export type { Attribution, Contact, Partner, PromoTool, Purchase } from '../ontraport/types.js';
export type { HarnessServer } from '../server/server.js';
export type { Ontraport } from '../ontraport/ontraport.js';
export type { PixelHit } from '../ontraport/pixel-endpoint.js';
export type { UltraCart } from '../ultracart/ultracart.js';
export type { MerchantSite } from '../merchant/merchant.js';
export type { IntegrationMode } from '../web/script-tag.js';
/** One test's simulated sites: the same type as `createSimulation` returns. */
export type { Simulation } from '../simulation.js';
