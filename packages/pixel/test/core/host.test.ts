import { describe, expect, it } from 'vitest';
import { checkHost, cookieDomainFits } from '../../src/core/host';

describe('checkHost', () => {
  it.each([
    ['acme.ontraport.com', 'https://acme.ontraport.com'],
    ['x.ontraport.net', 'https://x.ontraport.net'],
    ['ACME.Ontraport.COM', 'https://acme.ontraport.com'],
    ['track.acme.ontraport.com', 'https://track.acme.ontraport.com'],
    ['my-shop1.ontraport.com', 'https://my-shop1.ontraport.com'],
    // Written as a merchant may copy it: scheme, path, query, spaces and case are dropped.
    ['https://acme.ontraport.com', 'https://acme.ontraport.com'],
    ['HTTPS://Acme.Ontraport.com/', 'https://acme.ontraport.com'],
    ['acme.ontraport.com/p', 'https://acme.ontraport.com'],
    ['acme.ontraport.com?x=1', 'https://acme.ontraport.com'],
    ['acme.ontraport.com#x', 'https://acme.ontraport.com'],
    [' acme.ontraport.com ', 'https://acme.ontraport.com'],
    ['acme.ontraport.com\n', 'https://acme.ontraport.com'],
  ])('%j -> %j', (value, origin) => {
    expect(checkHost(value)).toEqual({ origin });
  });

  it.each([
    ['a protocol-relative prefix', '//acme.ontraport.com'],
    ['a port', 'acme.ontraport.com:443'],
    ['credentials', 'user@acme.ontraport.com'],
    ['user and password', 'user:pw@acme.ontraport.com'],
    ['a foreign host', 'evil.com'],
    ['ONTRAPORT as a subdomain of a foreign host', 'acme.ontraport.com.evil.com'],
    ['a look-alike without the dot', 'evilontraport.com'],
    ['a look-alike TLD', 'acme.ontraport.co'],
    ['the bare ONTRAPORT domain', 'ontraport.com'],
    ['a trailing dot', 'acme.ontraport.com.'],
    ['an empty label', 'acme..ontraport.com'],
    ['a label starting with a hyphen', '-acme.ontraport.com'],
    ['a label over 63 characters', 'a'.repeat(64) + '.ontraport.com'],
    ['an underscore', 'ac_me.ontraport.com'],
    ['a unicode look-alike', 'аcme.ontraport.com'],
    ['markup', '<img>.ontraport.com'],
    ['an unlisted loopback host', 'localhost:8080'],
    ['an unlisted loopback IP', '127.0.0.1'],
    ['empty', ''],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { host: 'acme.ontraport.com' }],
    ['an array', ['acme.ontraport.com']],
  ])('refuses %s, with a reason', (_label, value) => {
    const result = checkHost(value);
    expect(result).not.toHaveProperty('origin');
    expect((result as { error: string }).error).toMatch(/subdomain/);
  });

  it.each([
    ['acme', 'missing-domain', /acme.ontraport.com/],
    ['acme.ontraport.com:443', 'not-host', /no scheme, path, port/],
    ['evil.com', 'not-ontraport', /data-allowed-hosts/],
    ['', 'missing', /missing/],
  ])('says why %j is refused (%s)', (value, _cause, text) => {
    const result = checkHost(value) as { error: string };
    expect(result.error).toMatch(text);
    expect(result.error).toContain(JSON.stringify(value));
  });

  describe('allowedHosts', () => {
    it.each([
      ['track.merchant.example', ['track.merchant.example'], 'https://track.merchant.example'],
      ['Track.Merchant.Example', ['track.merchant.example'], 'https://track.merchant.example'],
      ['track.merchant.example', ['TRACK.merchant.example'], 'https://track.merchant.example'],
      ['acme.ontraport.com', ['track.merchant.example'], 'https://acme.ontraport.com'],
    ])('%j with %j -> %j', (value, allowed, origin) => {
      expect(checkHost(value, allowed)).toEqual({ origin });
    });

    it.each([
      ['a host not on the list', 'evil.com', ['track.merchant.example']],
      ['a listed non-loopback host with a port', 'evil.com:8080', ['evil.com:8080']],
      ['a listed host with credentials', 'u@evil.com', ['u@evil.com']],
      ['a suffix of a listed host', 'merchant.example', ['track.merchant.example']],
    ])('refuses %s', (_label, value, allowed) => {
      expect(checkHost(value, allowed)).toHaveProperty('error');
    });
  });

  describe('loopback (sandbox and local tests)', () => {
    it.each([
      ['localhost:8080', 'http://localhost:8080'],
      ['ontraport.localhost:8080', 'http://ontraport.localhost:8080'],
      ['127.0.0.1:9000', 'http://127.0.0.1:9000'],
      ['localhost', 'http://localhost'],
    ])('listed %j -> plain http %j', (host, origin) => {
      expect(checkHost(host, [host])).toEqual({ origin });
    });

    it.each(['localhost:8080', 'ontraport.localhost:8080', '127.0.0.1:9000'])(
      'refuses %j when not listed',
      (host) => {
        expect(checkHost(host, ['other.localhost:8080'])).toHaveProperty('error');
      },
    );

    it('reads a listed host written with a scheme or path as the host', () => {
      expect(checkHost('http://localhost:8080', ['http://localhost:8080'])).toEqual({ origin: 'http://localhost:8080' });
      expect(checkHost('localhost:8080/p', ['localhost:8080/p'])).toEqual({ origin: 'http://localhost:8080' });
      expect(checkHost('https://track.merchant.example/', ['track.merchant.example'])).toEqual({ origin: 'https://track.merchant.example' });
    });
  });
});

describe('cookieDomainFits (a cookie domain the browser keeps on this page)', () => {
  it.each([
    ['shop.example.com', 'shop.example.com'],
    ['.example.com', 'shop.example.com'],
    ['example.com', 'www.shop.example.com'],
    [' .Example.COM ', 'shop.example.com'],
  ])('%j on %j: kept', (domain, host) => {
    expect(cookieDomainFits(domain, host)).toBe(true);
  });

  it.each([
    // The store on another site than the domain pasted with the tag.
    ['.merchant.com', 'merchant.ultracartstore.com'],
    // A name that only ends in the same letters is not under the domain.
    ['example.com', 'myexample.com'],
    // A domain below the page's host is not one the page can set.
    ['www.shop.example.com', 'shop.example.com'],
  ])('%j on %j: dropped by the browser', (domain, host) => {
    expect(cookieDomainFits(domain, host)).toBe(false);
  });
});
