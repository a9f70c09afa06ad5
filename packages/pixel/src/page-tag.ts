/**
 * The page tag (`dist/partner-pixel.min.js`), for every page a partner link can land on:
 * capture, link and form decoration, the command queue, consent and GPC. No order logic: a
 * purchase, an opt-in or an order block here is refused out loud, because the page needs the
 * receipt tag for it. A pixel an earlier page left is delivered by handing over to the
 * receipt tag (see browser/tag.ts).
 */
import { createPagePixel } from './pixel.js';
import { startTag } from './browser/tag.js';

startTag(createPagePixel);
