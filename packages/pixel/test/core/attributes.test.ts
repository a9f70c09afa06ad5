import { describe, expect, it } from 'vitest';
import { fromAttribute, isKeysObject } from '../../src/options';

describe('fromAttribute (script-tag data-* options)', () => {
  it.each([
    ['subdomain', 'acme.ontraport.com', 'acme.ontraport.com'],
    ['mode', 'api', 'api'],
    ['attribution', 'first', 'first'],
    ['cookieDomain', '.shop.example.com', '.shop.example.com'],
    ['cookieDays', '7', 7],
    ['timeoutMs', '2500', 2500],
    ['debug', '', true],
    ['requireConsent', '', true],
    ['respectGpc', '', true],
    // A bare attribute is on only for the on/off options; for the others it is empty text,
    // which each option then reads as unset or warns about (true would be 1 day, 1 ms, a cookie named "true").
    ['cookieDays', '', ''],
    ['cookieName', '', ''],
    ['timeoutMs', '', ''],
    ['maxAttempts', '', ''],
    ['attribution', '', ''],
    ['mode', '', ''],
    ['debug', 'true', true],
    ['debug', 'false', false],
    ['checkoutHosts', 'secure.ultracart.com', ['secure.ultracart.com']],
    ['checkoutHosts', 'a.example, b.example', ['a.example', 'b.example']],
    ['allowedHosts', 'localhost:8080', ['localhost:8080']],
    ['keys', '{"firstName":"First_Name"}', { firstName: 'First_Name' }],
    ['customFields', 'orid:1, sid:2,opid:3', { orid: '1', sid: '2', opid: '3' }],
    // Not digits only: kept as text; createPixel reads 7.5 days, and -1 as the default 30.
    ['cookieDays', '7.5', '7.5'],
    ['cookieDays', '-1', '-1'],
  ])('data-%s=%j -> %j', (name, value, expected) => {
    expect(fromAttribute(name, value)).toEqual(expected);
  });

  it.each(['{firstName:First_Name}', '"email"', '5', '["email"]', 'null'])(
    'throws on data-keys %j, which is not a JSON object, so the tag can warn and go on without it',
    (value) => {
      expect(() => fromAttribute('keys', value)).toThrow();
    },
  );

  it('reads data-keys that is a JSON object', () => {
    expect(fromAttribute('keys', '{"firstName":"First_Name"}')).toEqual({ firstName: 'First_Name' });
  });
});

describe('fromAttribute: only a name ending in Hosts is a list', () => {
  it('a name with Hosts inside it is read by the general rule', () => {
    expect(fromAttribute('checkoutHostsNote', 'a.example,b.example')).toBe('a.example,b.example');
  });
});

describe('isKeysObject (what every build reads as wire-key overrides)', () => {
  it.each<[unknown, boolean]>([
    [{ email: 'mail' }, true],
    [{}, true],
    ['email', false],
    [['email'], false],
    [5, false],
    [null, false],
    [undefined, false],
  ])('%j -> %j', (keys, expected) => {
    expect(isKeysObject(keys)).toBe(expected);
  });
});
