/**
 * The install check's notes at their edges: what a valid option never draws, and which
 * malformed checkout hosts and wire keys it names instead of passing over (attribution and
 * custom fields are warned about by the pixel itself, in every build).
 */
import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../src/core/config';
import { fromAttribute } from '../../src/options';

const SUBDOMAIN = 'acme.ontraport.com';
const notes = (options: Record<string, unknown>) => checkOptions({ subdomain: SUBDOMAIN, ...options }).notes;

describe('attribution', () => {
  it('"last" is understood as last without a note', () => {
    expect(checkOptions({ subdomain: SUBDOMAIN, attribution: 'last' })).toMatchObject({ understood: { attribution: 'last' }, notes: [] });
  });

  it('reads attribution as the pixel does, case and surrounding spaces aside', () => {
    expect(checkOptions({ subdomain: SUBDOMAIN, attribution: ' First ' }).understood.attribution).toBe('first');
  });

  it('any other value is understood as last, and left to the pixel to warn about (install-warnings.test.ts)', () => {
    expect(checkOptions({ subdomain: SUBDOMAIN, attribution: '' })).toMatchObject({ understood: { attribution: 'last' }, notes: [] });
  });
});

describe('custom fields', () => {
  it('orid, sid and opid on fields 1 to 7 draw no note', () => {
    expect(notes({ customFields: fromAttribute('customFields', 'orid:1,sid:2,opid:7') })).toEqual([]);
  });

  it.each(['orid:17', 'opid:71', 'sid:0'])('%j is left to the pixel to warn about (install-warnings.test.ts)', (pair) => {
    expect(notes({ customFields: fromAttribute('customFields', pair) })).toEqual([]);
  });

  it('no custom fields at all (null from createPixel) draws no note and does not throw', () => {
    expect(notes({ customFields: null })).toEqual([]);
  });
});

// The tags refuse such data-keys where they read the attribute (tag.test.ts); these are the
// values the npm API can still be given from plain JavaScript.
describe('wire keys', () => {
  it('keys: null draws no note and does not throw', () => {
    expect(notes({ keys: null })).toEqual([]);
  });

  it.each([
    ['a string', 'email', '"email"'],
    ['a number', 5, '5'],
    ['a list', ['email'], '["email"]'],
  ])('keys that are %s are named as not an object of wire keys, echoed as JSON', (_label, keys, shown) => {
    expect(notes({ keys })).toEqual([`data-keys ${shown} is not an object of wire keys, such as {"email": "mail"}: ignored`]);
  });
});

describe('checkout hosts', () => {
  it.each([
    ['credentials before the host', 'user@secure.ultracart.com'],
    ['another host after an @', 'secure.ultracart.com@evil.example'],
    ['an underscore', 'secure_ultracart.com'],
    ['a colon inside, a typo for a dot', 'secure:ultracart.com'],
  ])('one with %s is not a host name', (_label, host) => {
    expect(notes({ checkoutHosts: [host] })).toEqual([`data-checkout-hosts "${host}" is not a host name`]);
  });
});
