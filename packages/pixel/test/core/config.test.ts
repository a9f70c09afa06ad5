import { describe, expect, it } from 'vitest';
import { attributeOf, checkOptions, OPTION_NAMES } from '../../src/core/config';
import { DEFAULT_KEYS } from '../../src/core/wire';

describe('checkOptions (the install check of the options)', () => {
  it('maps option names to their attributes', () => {
    expect(attributeOf('checkoutHosts')).toBe('data-checkout-hosts');
  });

  it('names a misspelled attribute, the one it resembles, and every accepted one', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com' }, ['data-subdomain', 'data-checkout-host']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^data-checkout-host is not an option: did you mean data-checkout-hosts\? Accepted: data-subdomain, .*data-custom-fields/);
  });

  it('reads mode and attribution case-insensitively, and leaves the warning about other values to the pixel', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com', mode: 'API', attribution: 'First' })).toEqual({
      understood: { subdomain: 'https://acme.ontraport.com', mode: 'api', attribution: 'first' },
      notes: [],
    });
    const { notes, understood } = checkOptions({ subdomain: 'acme.ontraport.com', mode: 'server', attribution: 'newest' });
    expect(understood).toMatchObject({ mode: 'pixel', attribution: 'last' });
    expect(checkOptions({ subdomain: 'acme.ontraport.com', mode: 'apii' }).understood.mode).toBe('api');
    // No notes: createPixel warns of both in every build, the debug build included (install-warnings.test.ts).
    expect(notes).toEqual([]);
  });

  it('says a subdomain without its domain is missing .ontraport.com', () => {
    expect(checkOptions({ subdomain: 'acme' }).notes[0]).toMatch(/data-subdomain "acme" is a name without its domain: write acme\.ontraport\.com/);
  });

  it('normalises checkout hosts and says so', () => {
    const { understood, notes } = checkOptions({ subdomain: 'acme.ontraport.com', checkoutHosts: ['https://secure.ultracart.com:443'] });
    expect(understood.checkoutHosts).toEqual(['secure.ultracart.com']);
    expect(notes).toEqual(['data-checkout-hosts "https://secure.ultracart.com:443" read as secure.ultracart.com']);
  });

  it('warns of an unknown name in data-keys, with the closest', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com', keys: { firstname: 'First_Name' } });
    expect(notes[0]).toMatch(/^data-keys: "firstname" is not a wire key \(did you mean firstName\?\); accepted: orderId, /);
  });

  it('names a cookie domain the page is not on: the browser would drop the referral cookie', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com', cookieDomain: '.merchant.com' }, [], 'merchant.ultracartstore.com');
    expect(notes).toEqual([
      'data-cookie-domain ".merchant.com" is not this page\'s host (merchant.ultracartstore.com) or a domain above it: ' +
        'the browser drops the referral cookie, and no partner is credited from this page',
    ]);
  });

  it('says nothing of a cookie domain the page is under, nor without a page host to check it against', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com', cookieDomain: '.merchant.com' }, [], 'www.merchant.com').notes).toEqual([]);
    expect(checkOptions({ subdomain: 'acme.ontraport.com', cookieDomain: '.merchant.com' }).notes).toEqual([]);
  });
});

describe('checkOptions: what it does not flag, and how near a guess must be', () => {
  it('never flags data-tag, which the tags set on a sibling they load', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com' }, ['data-subdomain', 'data-tag']).notes).toEqual([]);
  });

  it.each([
    ['data-debgu', 'data-debug'],
    ['data-m', 'data-mode'],
    // Three letters away: still a guess.
    ['data-timeout', 'data-timeout-ms'],
    ['data-max-attempt', 'data-max-attempts'],
  ])('suggests the nearest attribute for %s: %s', (attribute, near) => {
    const [note] = checkOptions({ subdomain: 'acme.ontraport.com' }, [attribute]).notes;
    expect(note).toMatch(new RegExp(`^${attribute} is not an option: did you mean ${near}\\? Accepted: data-subdomain, data-mode,`));
  });

  it('suggests nothing for a name far from every option', () => {
    const [note] = checkOptions({ subdomain: 'acme.ontraport.com' }, ['data-xyzzy']).notes;
    expect(note).toMatch(/^data-xyzzy is not an option Accepted: data-subdomain, /);
  });

  it('names an unknown option given to createPixel, and keeps it out of the understood options', () => {
    const { understood, notes } = checkOptions({ foo: 1, subdomain: 'acme.ontraport.com', debug: true });
    expect(understood).toEqual({ subdomain: 'https://acme.ontraport.com', debug: true });
    expect(notes).toEqual([`option foo is unknown; accepted: ${OPTION_NAMES.join(', ')}`]);
  });

  it('from a tag, an unknown option is already named by its attribute: no second note', () => {
    expect(checkOptions({ foo: 1, subdomain: 'acme.ontraport.com' }, ['data-subdomain']).notes).toEqual([]);
  });

  it('flags a checkout host that is not a host name, and accepts a bare one silently', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com', checkoutHosts: ['secure.ultracart.com', 'not a host', 'shop'] });
    expect(notes).toEqual(['data-checkout-hosts "not a host" is not a host name', 'data-checkout-hosts "shop" is not a host name']);
  });

  it('accepts known wire keys, valid custom fields and a lifetime in days without a note', () => {
    const options = { subdomain: 'acme.ontraport.com', keys: { orderId: 'oid' }, customFields: { orid: 1, sid: '7' }, cookieDays: '7' };
    expect(checkOptions(options).notes).toEqual([]);
  });

  it('a data-keys name far from every key gets no guess', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com', keys: { zzzzzzzzzz: 'x' } }).notes).toEqual([
      `data-keys: "zzzzzzzzzz" is not a wire key; accepted: ${Object.keys(DEFAULT_KEYS).join(', ')}`,
    ]);
  });
});
