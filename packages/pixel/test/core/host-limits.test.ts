/** The edges of checkHost: name and label lengths and loopback forms (host.test.ts: what each error says). */
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../src/core/host';

const label = (n: number) => 'a'.repeat(n);

describe('checkHost limits', () => {
  it('accepts a 63-character label and refuses 64', () => {
    expect(checkHost(label(63) + '.ontraport.com')).toEqual({ origin: `https://${label(63)}.ontraport.com` });
    expect(checkHost(label(64) + '.ontraport.com')).toHaveProperty('error');
  });

  it('accepts a 253-character host name and refuses 254', () => {
    // 3 labels of 63 plus separators, then the ONTRAPORT suffix, padded to the exact length.
    const suffix = '.ontraport.com';
    const base = [label(63), label(63), label(63)].join('.');
    const pad = (total: number) => base + '.' + label(total - base.length - 1 - suffix.length) + suffix;
    expect(pad(253)).toHaveLength(253);
    expect(checkHost(pad(253))).toEqual({ origin: 'https://' + pad(253) });
    expect(checkHost(pad(254))).toHaveProperty('error');
  });

  it('accepts a label with inner hyphens and digits, refuses one ending with a hyphen', () => {
    expect(checkHost('a-1-b.ontraport.com')).toHaveProperty('origin');
    expect(checkHost('acme-.ontraport.com')).toHaveProperty('error');
  });

  it.each(['127.10.200.1:9000', '127.0.0.1:65535', 'a.b.localhost:1', 'x-1.localhost'])(
    'listed loopback %j is plain http',
    (host) => {
      expect(checkHost(host, [host])).toEqual({ origin: 'http://' + host });
    },
  );

  it.each(['127.0.0.1:123456', '127.1000.0.1:80', '128.0.0.1:80', 'localhost.evil.com:80', 'notlocalhost:80'])(
    'listed %j is not loopback and, with a port or on a foreign domain, refused',
    (host) => {
      expect(checkHost(host, [host])).toHaveProperty('error');
    },
  );
});
