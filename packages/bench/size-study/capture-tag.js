// A landing-page-only tag for the size study (run.mjs): the library's own capture, cookie and
// decoration modules, with no receipt logic, to show what such a tag would weigh.
import { creditedReferral, mergeReferral, parseReferral } from '../../pixel/src/core/referral.js';
import { cookieSettings, readRecord, writeRecord } from '../../pixel/src/browser/referral-cookie.js';
import { decorateCheckoutLinks } from '../../pixel/src/browser/decorate.js';
import { logger } from '../../pixel/src/browser/debug.js';
import { fromAttribute } from '../../pixel/src/options.js';

const { log, warn } = logger();
try {
  const data = document.currentScript?.dataset || {};
  const o = {};
  for (const k in data)
    try {
      o[k] = fromAttribute(k, data[k]);
    } catch {
      warn('data-' + k + ' ignored');
    }
  const cookie = cookieSettings(o);
  const params = new URL(location.href).searchParams;
  const ref = parseReferral((k) => params.get(k));
  if (ref) writeRecord(cookie, mergeReferral(readRecord(cookie, log), ref, Date.now()));
  const attribution = o.attribution == 'first' ? 'first' : 'last';
  if (o.checkoutHosts) decorateCheckoutLinks(o.checkoutHosts, () => creditedReferral(readRecord(cookie, log), attribution));
} catch (e) {
  warn('' + e);
}
