/**
 * Where buyers' data may go. The destination is a bare host name on ONTRAPORT's domains, or
 * one the merchant listed; nothing else, so no typo or URL parameter can send it elsewhere.
 * Loopback hosts (the sandbox, a merchant's local test) may carry a port and use plain http:
 * nothing sent there leaves the machine, and it spares local tests a certificate.
 */
import { refusalText } from './refusal.js';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const ONTRAPORT = /\.ontraport\.(?:com|net)$/;
const LOOPBACK = /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3})(?::\d{1,5})?$/;

/**
 * A host as a merchant may write it, reduced to the host (and port): `https://Secure.UltraCart.com/`
 * is `secure.ultracart.com`. What is left is checked by whoever uses it.
 */
export const hostOf = (value: string): string =>
  value.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/?#].*/, '');

/** A checkout host as links are matched against it: the host name, without a port. */
export const checkoutHostOf = (value: string): string => hostOf(value).replace(/:\d*$/, '');

/**
 * Whether a browser on `pageHost` keeps a cookie set for `domain` (written as a host may be,
 * a leading dot aside): the page's host is that domain or under it. A browser drops a cookie set for any
 * other domain without a word, and with it the referral.
 */
export const cookieDomainFits = (domain: string, pageHost: string): boolean =>
  // A dot in front of each makes "the host itself" and "a host under it" one test.
  ('.' + hostOf(pageHost)).endsWith('.' + hostOf(domain).replace(/^\./, ''));

/** The pixel origin (`https://acme.ontraport.com`), or an error that says what is wrong. */
export function checkHost(
  value: unknown,
  // Stryker disable next-line ArrayDeclaration: a listed entry that is not a host name is never matched by one that passes
  allowed: string[] = [],
): { origin: string } | { error: string } {
  const fail = (cause: 'missing' | 'not-host' | 'not-ontraport' | 'missing-domain') => ({
    error: refusalText({ field: 'subdomain', value, cause }),
  });
  if (typeof value != 'string' || !value.trim()) return fail('missing');
  const host = hostOf(value);
  const listed = allowed.some((h) => hostOf(h) == host);
  if (listed && LOOPBACK.test(host)) return { origin: 'http://' + host };
  if (/^[a-z0-9-]+$/.test(host)) return fail('missing-domain');
  if (!HOST.test(host) || host.length > 253) return fail('not-host');
  if (!listed && !ONTRAPORT.test(host)) return fail('not-ontraport');
  return { origin: 'https://' + host };
}
