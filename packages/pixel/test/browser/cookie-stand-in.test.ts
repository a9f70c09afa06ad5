// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/**
 * `node scripts/size.mjs --without-js-cookie` measures the tags with scripts/cookie-stand-in.mjs
 * in js-cookie's place. The figure is only honest if the stand-in does the tags' part of
 * js-cookie's job: it reads what js-cookie wrote, writes what js-cookie reads, and removes it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import Cookies from 'js-cookie';
import standIn from '../../../../scripts/cookie-stand-in.mjs';
import { encodeRecord } from '../../src/core/referral';
import { clearCookies } from '../fixtures/browser';

// A record with every part, as the tags write it: digits, sub-id characters, ':' and '|'.
const VALUE = encodeRecord({ first: { orid: '42', sid: 'a.b_c~d-e', t: 1700000000 }, last: { orid: '43', opid: '7', t: 1700000100 } });
const ATTRIBUTES = { path: '/', sameSite: 'Lax', secure: true } as const;

beforeEach(() => {
  clearCookies();
});

describe('the cookie stand-in of the size check', () => {
  it('reads what js-cookie wrote', () => {
    Cookies.set('pp_ref', VALUE, { ...ATTRIBUTES, expires: 30 });
    expect(standIn.get('pp_ref')).toBe(VALUE);
  });

  it('writes what js-cookie reads, among other cookies', () => {
    document.cookie = 'other=1; path=/';
    standIn.set('pp_ref', VALUE, { ...ATTRIBUTES, expires: 30 });
    expect(Cookies.get('pp_ref')).toBe(VALUE);
    expect(Cookies.get('other')).toBe('1');
  });

  it('does not take a cookie whose name only ends in the one asked for', () => {
    document.cookie = 'xpp_ref=1; path=/';
    expect(standIn.get('pp_ref')).toBeUndefined();
  });

  it('removes the cookie', () => {
    standIn.set('pp_ref', VALUE, { ...ATTRIBUTES, expires: 30 });
    standIn.remove('pp_ref', ATTRIBUTES);
    expect(Cookies.get('pp_ref')).toBeUndefined();
  });
});
