/**
 * A bundled storefront using the npm package: capture on every page, purchase on the receipt.
 * The checkout is on another site, so links to it carry the referral.
 */
import { createPixel, type OrderInput, type PurchaseResult } from 'partner-pixel';

export const pixel = createPixel({
  subdomain: 'acme.ontraport.com',
  checkoutHosts: ['secure.ultracart.com'],
  attribution: 'last',
  cookieDays: 30,
});

/** Call once per page view (router hooks included). */
export function onPageView(url?: string): void {
  pixel.capture(url);
}

/** Call on the receipt page with the order the store rendered. */
export async function onReceipt(order: OrderInput): Promise<PurchaseResult> {
  const result = await pixel.purchase(order);
  // sent | queued (retried later) | failed (no storage to retry from) | duplicate (reload)
  // | skipped (API mode, GPC) | invalid (see reason)
  if (result.status == 'invalid') console.error('partner pixel refused the order:', result.reason);
  return result;
}
