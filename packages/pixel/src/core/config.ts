/**
 * The install check's view of the options, pure: every option as it will be understood, and a
 * note for each one that cannot be (a misspelled attribute, a value outside the accepted ones,
 * an unknown wire key), naming the attribute and what it accepts. The tags read mode and
 * attribution case-insensitively and normalise hosts themselves; this says so, and flags the
 * rest. Used by the debug build's install report (browser/report.ts).
 */
import { DEFAULT_KEYS } from './wire.js';
import { checkHost, checkoutHostOf, cookieDomainFits } from './host.js';
import { echo } from './refusal.js';
import { attributeOf, choice, isKeysObject, OPTION_NAMES, saysApi } from '../options.js';

export { attributeOf, OPTION_NAMES };

const ATTRIBUTES = OPTION_NAMES.map(attributeOf);

/** Letters two names differ by, at most, for "did you mean": edit distance, capped. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]++;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

const closest = (name: string, names: readonly string[]) => {
  const best = [...names].sort((x, y) => distance(name, x) - distance(name, y))[0];
  return best && distance(name, best) <= 3 ? best : undefined;
};

export interface ConfigCheck {
  /** The options as the pixel will act on them. */
  understood: Record<string, unknown>;
  /** One sentence per option that was not understood, or was understood differently. */
  notes: string[];
}

/**
 * Checks options (as parsed from attributes or given to `createPixel`). `attributes` are the
 * tag's `data-*` attribute names, to catch misspelled ones; `pageHost`, the host of the page
 * the tag runs on, to check the cookie domain against it.
 */
export function checkOptions(options: Record<string, unknown>, attributes: string[] = [], pageHost?: string): ConfigCheck {
  const notes: string[] = [];
  const understood: Record<string, unknown> = {};
  for (const attribute of attributes)
    if (!ATTRIBUTES.includes(attribute) && attribute != 'data-tag') {
      const near = closest(attribute, ATTRIBUTES);
      notes.push(`${attribute} is not an option${near ? `: did you mean ${near}?` : ''} Accepted: ${ATTRIBUTES.join(', ')}`);
    }
  for (const [name, value] of Object.entries(options)) {
    if (!OPTION_NAMES.includes(name)) {
      if (!attributes.length) notes.push(`option ${name} is unknown; accepted: ${OPTION_NAMES.join(', ')}`);
      continue;
    }
    understood[name] = value;
  }
  const { mode, attribution, subdomain, checkoutHosts, keys } = options;
  if (mode != null) understood.mode = saysApi(mode) ? 'api' : 'pixel';
  // No notes for mode, attribution, custom fields or cookie days: the pixel itself warns of a
  // value it cannot read as given, in every build (createPixel, options.ts `misread`).
  // As the pixel reads it; its warning is the pixel's own.
  // Stryker disable next-line StringLiteral: the name goes only to the warning, which is silenced here
  if (attribution != null) understood.attribution = choice(() => {}, 'attribution', attribution, ['first', 'last'], 'last');
  const host = checkHost(subdomain, options.allowedHosts as string[] | undefined);
  if ('error' in host) notes.push('data-' + host.error + ': no sale pixel can be sent');
  else understood.subdomain = host.origin;
  if (Array.isArray(checkoutHosts)) {
    understood.checkoutHosts = checkoutHosts.map((h) => checkoutHostOf(String(h)));
    checkoutHosts.forEach((h) => {
      const name = checkoutHostOf(String(h));
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name)) notes.push(`data-checkout-hosts ${echo(h)} is not a host name`);
      else if (name != String(h)) notes.push(`data-checkout-hosts ${echo(h)} read as ${name}`);
    });
  }
  // The production tags do not check it (its bytes would be paid on every page): the browser
  // drops the cookie in silence, and only this report says so.
  const { cookieDomain } = options;
  if (cookieDomain != null && pageHost && !cookieDomainFits(String(cookieDomain), pageHost))
    notes.push(
      `data-cookie-domain ${echo(cookieDomain)} is not this page's host (${pageHost}) or a domain above it: ` +
        'the browser drops the referral cookie, and no partner is credited from this page',
    );
  // JSON that is not an object of wire keys (a string, a number, a list) renames nothing.
  if (keys != null && !isKeysObject(keys))
    // Echoed as the JSON it was written as.
    notes.push(`data-keys ${JSON.stringify(keys) ?? typeof keys} is not an object of wire keys, such as {"email": "mail"}: ignored`);
  else if (keys)
    for (const k of Object.keys(keys))
      if (!(k in DEFAULT_KEYS)) {
        const near = closest(k, Object.keys(DEFAULT_KEYS));
        notes.push(`data-keys: ${echo(k)} is not a wire key${near ? ` (did you mean ${near}?)` : ''}; accepted: ${Object.keys(DEFAULT_KEYS).join(', ')}`);
      }
  return { understood, notes };
}
