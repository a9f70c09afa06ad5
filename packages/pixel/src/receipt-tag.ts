/**
 * The receipt tag (`dist/partner-pixel-receipt.min.js`), for the receipt's conversion HTML and
 * lead-form pages: everything the page tag does, plus the order (from the JSON block or the
 * `purchase` command), the sale pixel, the `optin` pixel, and delivery of waiting pixels.
 */
import { createPixel } from './pixel.js';
import { startTag } from './browser/tag.js';

startTag(createPixel);
