import { TAG } from './build.js';
import { echo } from './core/refusal.js';
import type { Log } from './browser/debug.js';
import type { Attribution } from './core/referral.js';
import type { WireKeys } from './core/wire.js';
import type { CustomFields } from './browser/decorate.js';

/** How the merchant's store reports sales to ONTRAPORT. */
export type Mode = 'pixel' | 'api';

/** Options of {@link createPixel}; the script tag takes the same through `data-*` attributes. */
export interface PixelOptions {
  /**
   * The merchant's ONTRAPORT tracking host, the one after `_mr_domain=` in ONTRAPORT's
   * tracking code, e.g. `acme.ontraport.com`. A host name only. Required for sale pixels;
   * capture works without it. `data-subdomain`.
   * @defaultValue undefined
   */
  subdomain?: string;
  /**
   * `'api'` when UltraCart already reports sales to ONTRAPORT by the API method: then no sale
   * pixel is sent (both at once record every sale twice). `data-mode`.
   * @defaultValue 'pixel'
   */
  mode?: Mode;
  /**
   * Which referrer is credited, matching the merchant's ONTRAPORT partner setting.
   * `data-attribution`.
   * @defaultValue 'last'
   */
  attribution?: Attribution;
  /**
   * Name of the first-party referral cookie.
   * @defaultValue 'pp_ref'
   */
  cookieName?: string;
  /**
   * Cookie domain, e.g. `.shop.example.com` to share the referral across subdomains.
   * `data-cookie-domain`.
   * @defaultValue undefined (the current host only)
   */
  cookieDomain?: string;
  /**
   * Lifetime of the referral cookie in days; match ONTRAPORT's partner cookie setting.
   * `data-cookie-days`.
   * @defaultValue 30
   */
  cookieDays?: number;
  /**
   * Hosts of the checkout on another site (e.g. `secure.ultracart.com`): links and forms
   * leading there carry the referral parameters. `data-checkout-hosts`, comma-separated.
   * @defaultValue []
   */
  checkoutHosts?: string[];
  /**
   * UltraCart custom fields that links and forms to the checkout hosts carry the referral in,
   * so the order holds it (for the receipt's `[CustomField1]` tokens and the server bridge):
   * `{ orid: 1, sid: 2, opid: 3 }` writes `CustomField1=<orid>` and so on. Fields 1 to 7.
   * `data-custom-fields="orid:1,sid:2,opid:3"`.
   * @defaultValue {} (none written)
   */
  customFields?: CustomFields;
  /**
   * Pixel hosts allowed besides `*.ontraport.com` and `*.ontraport.net` (a custom tracking
   * domain). `data-allowed-hosts`, comma-separated.
   * @defaultValue []
   */
  allowedHosts?: string[];
  /**
   * Overrides of the pixel's query keys, for the inferred ones that differ in the merchant's
   * own ONTRAPORT snippet, e.g. `{ firstName: 'First_Name' }`. `data-keys` as JSON.
   * @defaultValue {} (the keys in docs/wire.md)
   */
  keys?: Partial<WireKeys>;
  /**
   * Print what was captured, read, sent or refused, and why. `data-debug`, or `?pp_debug=1`.
   * @defaultValue false
   */
  debug?: boolean;
  /**
   * Hold capture and pixels until consent is granted with `consent(true)`: nothing is
   * written or sent before. `data-require-consent`.
   * @defaultValue false
   */
  requireConsent?: boolean;
  /**
   * Treat a browser's Global Privacy Control signal as a refusal: nothing written or sent.
   * `data-respect-gpc`.
   * @defaultValue false
   */
  respectGpc?: boolean;
  /**
   * Milliseconds before an unanswered pixel counts as failed and is retried.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /**
   * Attempts per pixel, across page views, before it is given up.
   * @defaultValue 10
   */
  maxAttempts?: number;
}

/**
 * Every option, by its name in `createPixel` (its attribute is `data-` + kebab case), written
 * as one space-separated string (the cheapest form for the tags, which warn about any other
 * `data-*` attribute on their own element).
 */
export const OPTION_NAMES =
  'subdomain mode attribution cookieName cookieDomain cookieDays checkoutHosts customFields allowedHosts keys debug requireConsent respectGpc timeoutMs maxAttempts'.split(' ');

/** The options that are on or off: only these read a bare attribute (`data-debug`) as on. */
// Stryker disable next-line Regex: no other option name starts or ends with one of these three
const FLAGS = /^(debug|requireConsent|respectGpc)$/;

/**
 * An option's value from its script-tag attribute (`cookieDays` is `data-cookie-days`):
 * `...Hosts` are comma-separated lists, `keys` is a JSON object (and throws on anything
 * else), `customFields` is `orid:1,sid:2`, `"true"` is true, `"false"` is false, a bare
 * attribute is true for an on/off option and empty text for the others (a bare
 * `data-cookie-days` read as true would be one day, a bare `data-cookie-name` a cookie named
 * "true"), digits are a number, the rest is text.
 * One rule instead of a line per option keeps the tag small and every option reachable.
 */
export function fromAttribute(name: string, value: string): unknown {
  if (/Hosts$/.test(name)) return value.split(',').map((s) => s.trim());
  // The page tag sends no pixel, so it has no wire keys to read.
  if (name == 'keys' && TAG != 'page') {
    const keys = JSON.parse(value);
    if (!isKeysObject(keys)) throw 0;
    return keys;
  }
  if (name == 'customFields') return Object.fromEntries(value.split(',').map((pair) => pair.split(':').map((s) => s.trim())));
  if (value == '') return FLAGS.test(name) || value;
  return value == 'true' || (value != 'false' && (/^\d+$/.test(value) ? +value : value));
}

/**
 * Whether `keys` can be read as wire-key overrides: a plain object. Text or a list would be
 * read name by name ("email" as the names "0" to "4"), and null has no names at all.
 */
export function isKeysObject(keys: unknown): keys is PixelOptions['keys'] {
  return (keys as object | null)?.constructor == Object;
}

/** How every build reads `mode`: any spelling that says api is api, as a double sale is the worse misreading. */
// Stryker disable next-line StringLiteral: the text put in front of the mode has no "api" in it and ends in "!", so it reads the same
export const saysApi = (mode: unknown) => /api/i.test('' + mode);

/**
 * The one form of every warning about a value not understood as given, in every build:
 * `data-mode "apii" read as api; accepted: pixel, api`.
 */
export const misread = (warn: Log, what: string, value: unknown, outcome: string, accepted: string) =>
  warn(`${what} ${echo(value)} ${outcome}; accepted: ${accepted}`);

/**
 * An option with a few accepted values, read as meant: case and surrounding spaces aside, an
 * accepted value is itself. Anything else is read as `fallback`, with a warning.
 */
export function choice(warn: Log, name: string, value: unknown, accepted: string[], fallback: string): string {
  const read = ('' + value).trim().toLowerCase();
  if (value == null) return fallback;
  if (accepted.includes(read)) return read;
  misread(warn, attributeOf(name), value, 'read as ' + fallback, accepted.join(', '));
  return fallback;
}

/** `checkoutHosts` -> `data-checkout-hosts`. */
export const attributeOf = (name: string) => 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
