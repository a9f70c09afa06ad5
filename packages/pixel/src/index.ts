/**
 * `partner-pixel` for bundled storefronts:
 *
 * ```ts
 * import { createPixel } from 'partner-pixel';
 * const pixel = createPixel({ subdomain: 'acme.ontraport.com' });
 * pixel.capture();                       // on landing and checkout pages
 * await pixel.purchase(order);           // on the receipt page
 * ```
 */
export { createPixel, type Pixel, type PurchaseResult } from './pixel.js';
export type { PixelOptions, Mode } from './options.js';
export type { OrderInput, OrderItemInput, ContactInput } from './core/order.js';
export type { Attribution, Referral, ReferralParams, ReferralRecord } from './core/referral.js';
export { DEFAULT_KEYS, type WireKeys } from './core/wire.js';
