// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * Options a merchant can get wrong on the script tag are never misread in silence: a
 * misspelled `data-*` attribute, a `data-mode` or `data-attribution` outside its values, a
 * custom-field mapping or cookie lifetime that cannot be used, an unknown wire key, and a
 * partner link's part that is not valid each warn in every build, naming the attribute (or
 * parameter), echoing the value and saying what is accepted; a mode that says api in any
 * spelling sends no sale pixel.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { startTag } from '../../src/browser/tag';
import { createPagePixel, createPixel } from '../../src/pixel';
import { asCurrentScript, freshTagPage, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';
import { fromAttribute } from '../../src/options';

let page: ReturnType<typeof freshTagPage>;
let net: FakeNetwork;
const warnings = () => page.warnings();

beforeEach(() => {
  page = freshTagPage();
  net = page.net;
});

/** Starts a tag as if `attributes` stood on its own script element. */
function startWith(attributes: Record<string, string>) {
  asCurrentScript(attributes);
  startTag(createPagePixel);
}

describe('a tag attribute that is not an option', () => {
  it('warns, naming the attribute and every accepted one', () => {
    startWith({ 'data-checkout-host': 'secure.ultracart.com' });
    const [line] = warnings().filter((w) => w.includes('data-checkout-host '));
    expect(line).toMatch(/^\[partner-pixel\] data-checkout-host "secure.ultracart.com" unknown; accepted: /);
    for (const accepted of ['data-subdomain', 'data-mode', 'data-checkout-hosts', 'data-custom-fields', 'data-respect-gpc'])
      expect(line).toContain(accepted);
  });

  it('says nothing about the attributes it knows', () => {
    startWith({ 'data-subdomain': 'acme.ontraport.com', 'data-checkout-hosts': 'secure.ultracart.com', 'data-cookie-days': '7' });
    expect(warnings()).toEqual([]);
  });
});

describe('data-mode', () => {
  it.each(['apii', 'pixle', 'sale'])('%j warns, naming data-mode, the value and pixel, api', (mode) => {
    createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' });
    expect(warnings()).toEqual([expect.stringMatching(new RegExp(`data-mode "${mode}" read as .*accepted: pixel, api`))]);
  });

  it.each(['pixel', 'api', 'API', ' Pixel '])('%j is understood without a warning', (mode) => {
    createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' });
    expect(warnings()).toEqual([]);
  });

  it.each(['api', 'API', ' Api ', 'apii', 'api-method'])('%j, saying api, never sends a sale pixel', async (mode) => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' }).purchase(MINIMAL);
    expect(result.status).toBe('skipped');
    expect(net.requests).toEqual([]);
  });

  it('a mode outside pixel and api that does not say api still sends, after the warning', async () => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', mode: 'pixle' as 'api' }).purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(warnings()[0]).toMatch(/data-mode "pixle" read as pixel/);
  });
});

describe('data-attribution', () => {
  const twoPartners = (attribution: string) => {
    const pixel = createPixel({ subdomain: 'acme.ontraport.com', attribution: attribution as 'first' });
    pixel.capture('https://shop.example.com/?orid=11');
    pixel.capture('https://shop.example.com/?orid=22');
    return pixel;
  };
  const credited = async (attribution: string) =>
    new URL((await twoPartners(attribution).purchase(MINIMAL)).url!).searchParams.get('orid');

  it.each([['First', '11'], [' first ', '11'], ['LAST', '22']])('%j is understood without a warning: credits %s', async (value, orid) => {
    expect(await credited(value)).toBe(orid);
    expect(warnings()).toEqual([]);
  });

  it('an empty data-attribution (a bare attribute) is read as last, and says so', () => {
    createPagePixel({ attribution: fromAttribute('attribution', '') as 'last' });
    expect(warnings()).toEqual(['[partner-pixel] data-attribution "" read as last; accepted: first, last']);
  });

  it('a value that is neither warns, naming the attribute, the value and first, last, and credits the last', async () => {
    expect(await credited('frist')).toBe('22');
    expect(warnings()).toEqual(['[partner-pixel] data-attribution "frist" read as last; accepted: first, last']);
  });
});

describe('data-custom-fields and data-cookie-days', () => {
  it('an entry that cannot be used warns, naming it; the usable ones say nothing', () => {
    createPagePixel({ customFields: fromAttribute('customFields', 'orid:1,partner:2,sid:9,opid:3') as object });
    expect(warnings()).toEqual([
      '[partner-pixel] data-custom-fields "partner:2" ignored; accepted: orid, sid, opid : 1 to 7',
      '[partner-pixel] data-custom-fields "sid:9" ignored; accepted: orid, sid, opid : 1 to 7',
    ]);
  });

  it.each(['xorid:1', 'oridx:1', 'subsid:2'])('%j only contains a part name and is named as ignored', (pair) => {
    createPagePixel({ customFields: fromAttribute('customFields', pair) as object });
    expect(warnings()).toEqual([`[partner-pixel] data-custom-fields ${JSON.stringify(pair)} ignored; accepted: orid, sid, opid : 1 to 7`]);
  });

  it.each(['orid:17', 'opid:71', 'sid:0'])('%j is not a field from 1 to 7 and is named as ignored', (pair) => {
    createPagePixel({ customFields: fromAttribute('customFields', pair) as object });
    expect(warnings()).toEqual([`[partner-pixel] data-custom-fields ${JSON.stringify(pair)} ignored; accepted: orid, sid, opid : 1 to 7`]);
  });

  it.each(['month', 0, '-3'])('a lifetime of %j warns that 30 days are used', (cookieDays) => {
    createPagePixel({ cookieDays: cookieDays as number });
    expect(warnings()).toEqual([`[partner-pixel] data-cookie-days ${JSON.stringify(String(cookieDays))} read as 30; accepted: days`]);
  });

  it('a bare data-cookie-days warns that 30 days are used (not 1, as "true" would be)', () => {
    createPagePixel({ cookieDays: fromAttribute('cookieDays', '') as number });
    expect(warnings()).toEqual(['[partner-pixel] data-cookie-days "" read as 30; accepted: days']);
  });

  it.each(['7', 7, '7.5', 30])('a lifetime of %j days says nothing', (cookieDays) => {
    createPagePixel({ cookieDays: cookieDays as number });
    expect(warnings()).toEqual([]);
  });
});

describe('data-keys', () => {
  it('a name that is not a wire key warns, naming it and every key, and the known ones still apply', async () => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', keys: { firstname: 'First_Name', email: 'Email' } as object }).purchase(MINIMAL);
    expect(warnings()).toEqual([expect.stringMatching(/^\[partner-pixel\] data-keys "firstname" unknown; accepted: orderId, email, .*firstName, .*opid$/)]);
    expect(new URL(result.url!).searchParams.get('Email')).toBe(MINIMAL.email);
  });

  it('no options at all is no keys to check: the pixel is made and warns of nothing until used', () => {
    createPixel();
    expect(warnings()).toEqual([]);
  });

  it.each([
    ['a string', 'email', '"email"'],
    ['a list', ['email'], '"[object]"'],
    ['a number', 5, '"5"'],
  ])('keys that is %s (plain JavaScript, npm API) is ignored with one warning echoing it, and the pixel goes out with the default keys', async (_, keys, echoed) => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', keys: keys as object }).purchase(MINIMAL);
    expect(warnings()).toEqual([`[partner-pixel] keys ${echoed} ignored; accepted: an object of wire keys, such as { email: "mail" }`]);
    expect(result.status).toBe('sent');
    expect(new URL(result.url!).searchParams.get('email')).toBe(MINIMAL.email);
  });
});

describe('a partner link with a part that is not valid', () => {
  it('a sub-id with a space is dropped with a warning that echoes it; the partner is still captured', () => {
    const ref = createPagePixel().capture('https://shop.example.com/?orid=42&sid=spring%20sale');
    expect(ref).toEqual({ orid: '42' });
    expect(warnings()).toEqual(['[partner-pixel] sid "spring sale" ignored; accepted: 1 to 64 of A-Z a-z 0-9 . _ ~ -']);
  });

  it('an orid that is not a contact id captures nothing, and names the orid alone', () => {
    expect(createPagePixel().capture('https://shop.example.com/?orid=abc&sid=a%20b&opid=3')).toBeUndefined();
    expect(warnings()).toEqual(['[partner-pixel] orid "abc" ignored; accepted: 1 to 2147483647']);
  });

  it('a promo tool number out of range is dropped alone', () => {
    expect(createPagePixel().capture('https://shop.example.com/?orid=42&opid=99999999999')).toEqual({ orid: '42' });
    expect(warnings()).toEqual(['[partner-pixel] opid "99999999999" ignored; accepted: 1 to 2147483647']);
  });

  it('a valid link, and a page without one, say nothing', () => {
    createPagePixel().capture('https://shop.example.com/?orid=42&sid=spring_sale&opid=3');
    createPagePixel().capture('https://shop.example.com/?utm_source=x');
    expect(warnings()).toEqual([]);
  });
});
