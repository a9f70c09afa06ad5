/**
 * Where buyers' data may go. The destination is a bare host name on ONTRAPORT's domains, or
 * one the merchant listed; nothing else, so no typo or URL parameter can send it elsewhere.
 * Loopback hosts (the sandbox, a merchant's local test) may carry a port and use plain http:
 * nothing sent there leaves the machine, and it spares local tests a certificate.
 */

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
const ONTRAPORT = /\.ontraport\.(?:com|net)$/;
const LOOPBACK = /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3})(?::\d{1,5})?$/;

/** The pixel origin (`https://acme.ontraport.com`), or an error that says what is wrong. */
export function checkHost(
  value: unknown,
  // Stryker disable next-line ArrayDeclaration: a listed entry that is not a host name is never matched by one that passes
  allowed: string[] = [],
): { origin: string } | { error: string } {
  if (typeof value != 'string' || !value) return { error: 'subdomain is not set' };
  const host = value.toLowerCase();
  const listed = allowed.some((h) => h.toLowerCase() == host);
  if (listed && LOOPBACK.test(host)) return { origin: 'http://' + host };
  if (!HOST.test(host) || host.length > 253)
    return { error: `subdomain ${value}: a host name only, no scheme, path, port or user` };
  if (!listed && !ONTRAPORT.test(host))
    return { error: `subdomain ${value}: not *.ontraport.com/.net nor in allowedHosts` };
  return { origin: 'https://' + host };
}
