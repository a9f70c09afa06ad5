import { describe, expect, it } from 'vitest';
import { attributeOf, checkOptions } from '../../src/core/config';
import { fromAttribute } from '../../src/options';

describe('checkOptions (the install check of the options)', () => {
  it('maps option names to their attributes', () => {
    expect(attributeOf('checkoutHosts')).toBe('data-checkout-hosts');
  });

  it('names a misspelled attribute, the one it resembles, and every accepted one', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com' }, ['data-subdomain', 'data-checkout-host']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^data-checkout-host is not an option: did you mean data-checkout-hosts\? Accepted: data-subdomain, .*data-custom-fields/);
  });

  it('reads mode and attribution case-insensitively, and says what it made of other values', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com', mode: 'API', attribution: 'First' })).toEqual({
      understood: { subdomain: 'https://acme.ontraport.com', mode: 'api', attribution: 'first' },
      notes: [],
    });
    const { notes, understood } = checkOptions({ subdomain: 'acme.ontraport.com', mode: 'server', attribution: 'newest' });
    expect(understood).toMatchObject({ mode: 'pixel', attribution: 'last' });
    expect(notes).toEqual([
      'data-mode "server" is not pixel or api: read as pixel',
      'data-attribution "newest" is not first or last: read as last',
    ]);
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

  it('warns of a custom-field mapping it cannot use', () => {
    const { notes } = checkOptions({ subdomain: 'acme.ontraport.com', customFields: fromAttribute('customFields', 'orid:1,partner:2,sid:9') as object });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/"partner:2" ignored/);
    expect(notes[1]).toMatch(/"sid:9" ignored/);
  });

  it('warns of a cookie lifetime that is not a number of days', () => {
    expect(checkOptions({ subdomain: 'acme.ontraport.com', cookieDays: 'month' }).notes).toEqual(['data-cookie-days "month" is not a number of days: 30 used']);
  });
});
