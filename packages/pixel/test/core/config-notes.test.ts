/**
 * The install check's notes at their edges: what a valid option never draws, and which
 * malformed checkout hosts, custom fields and wire keys it names instead of passing over.
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

  it('an empty data-attribution is read as last, and says so', () => {
    expect(notes({ attribution: '' })).toEqual(['data-attribution "" is not first or last: read as last']);
  });
});

describe('custom fields', () => {
  it('orid, sid and opid on fields 1 to 7 draw no note', () => {
    expect(notes({ customFields: fromAttribute('customFields', 'orid:1,sid:2,opid:7') })).toEqual([]);
  });

  it.each(['orid:17', 'opid:71', 'sid:0'])('%j is not a field from 1 to 7 and is named as ignored', (pair) => {
    expect(notes({ customFields: fromAttribute('customFields', pair) })).toEqual([
      `data-custom-fields: "${pair}" ignored: write orid, sid or opid and a field from 1 to 7, like orid:1,sid:2`,
    ]);
  });

  it('no custom fields at all (null from createPixel) draws no note and does not throw', () => {
    expect(notes({ customFields: null })).toEqual([]);
  });
});

describe('wire keys', () => {
  it('data-keys="null" draws no note and does not throw', () => {
    expect(notes({ keys: fromAttribute('keys', 'null') })).toEqual([]);
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
