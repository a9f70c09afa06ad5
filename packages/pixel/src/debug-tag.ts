/**
 * The debug build (`dist/partner-pixel-debug.min.js`): loaded by the page tag or the receipt
 * tag in debug mode (`data-debug` or `?pp_debug=1`), from the tag's own origin. It does the
 * work of the tag that loaded it, with every message in full, and prints the install report.
 */
import { createPixel } from './pixel.js';
import { startTag } from './browser/tag.js';
import { reporting } from './browser/report.js';

startTag((options) => reporting(createPixel(options), options));
