/**
 * How a pixel host written by a merchant is read (host.test.ts: the forms that pass): a blank
 * one is missing, and a scheme counts only at the very start, so nothing pasted before a URL
 * can be spliced into an ONTRAPORT host.
 */
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../src/core/host';

describe('checkHost reads what the merchant wrote', () => {
  it.each(['   ', '\t\n'])('a blank subdomain %j is missing', (value) => {
    expect(checkHost(value)).toEqual({ error: `subdomain ${JSON.stringify(value)} is missing` });
  });

  it('text pasted before a URL is not dropped with the scheme: www.https://acme.ontraport.com is not a host', () => {
    expect(checkHost('www.https://acme.ontraport.com')).toEqual({
      error: 'subdomain "www.https://acme.ontraport.com" is not a host name: no scheme, path, port or user',
    });
  });

  it('a scheme at the start is dropped: https://acme.ontraport.com is the host', () => {
    expect(checkHost('https://acme.ontraport.com')).toEqual({ origin: 'https://acme.ontraport.com' });
  });
});
