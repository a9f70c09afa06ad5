// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/** The referral cookie's settings and its read/write/remove, as the pixel relies on them. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieSettings, readRecord, removeRecord, writeRecord } from '../../src/browser/referral-cookie';
import { encodeRecord, type ReferralRecord } from '../../src/core/referral';
import Cookies from 'js-cookie';
import { clearCookies } from '../fixtures/browser';

const RECORD: ReferralRecord = { first: { orid: '42', t: 1700000000 }, last: { orid: '43', sid: 'x', t: 1700000100 } };

beforeEach(() => {
  clearCookies();
});

describe('cookieSettings', () => {
  it('defaults: pp_ref, no domain, 30 days', () => {
    expect(cookieSettings({})).toEqual({ name: 'pp_ref', domain: undefined, days: 30 });
  });

  it('takes the name, domain and lifetime given', () => {
    expect(cookieSettings({ cookieName: 'ref', cookieDomain: 'example.com', cookieDays: 7 })).toEqual({
      name: 'ref',
      domain: 'example.com',
      days: 7,
    });
  });

  it.each<[string, unknown, number]>([
    ['a count as text', '7', 7],
    ['a fraction as text', '7.5', 7.5],
    ['zero', 0, 30],
    ['a negative count', -3, 30],
    ['nonsense text', 'week', 30],
    ['empty text', '', 30],
  ])('lifetime from %s (%j) is %j days', (_label, cookieDays, days) => {
    expect(cookieSettings({ cookieDays: cookieDays as number }).days).toBe(days);
  });
});

describe('writeRecord / readRecord / removeRecord', () => {
  // Through js-cookie's own API: a spy on document.cookie's setter is not undone cleanly here.
  it('writes the encoded record with Path=/, SameSite=Lax, Secure on https and the lifetime, and reads it back', () => {
    const set = vi.spyOn(Cookies, 'set');
    writeRecord({ name: 'pp_ref', days: 7 }, RECORD);
    expect(set).toHaveBeenCalledWith('pp_ref', encodeRecord(RECORD), {
      path: '/',
      domain: undefined,
      sameSite: 'Lax',
      secure: true,
      expires: 7,
    });
    const log = vi.fn();
    expect(readRecord({ name: 'pp_ref', days: 7 }, log)).toEqual(RECORD);
    expect(log).not.toHaveBeenCalled();
  });

  it('writes and removes with the configured domain', () => {
    const set = vi.spyOn(Cookies, 'set');
    const remove = vi.spyOn(Cookies, 'remove');
    const settings = { name: 'pp_ref', domain: 'example.com', days: 30 };
    writeRecord(settings, RECORD);
    removeRecord(settings);
    expect(set.mock.calls[0][2]).toMatchObject({ domain: 'example.com' });
    // A cookie written for a domain is removed only when removed for that same domain.
    expect(remove).toHaveBeenCalledWith('pp_ref', expect.objectContaining({ path: '/', domain: 'example.com' }));
  });

  it('reads no cookie as no record, silently', () => {
    const log = vi.fn();
    expect(readRecord({ name: 'pp_ref', days: 30 }, log)).toBeUndefined();
    expect(log).not.toHaveBeenCalled();
  });

  it('removes an unreadable cookie, says so, and reads it as no record', () => {
    document.cookie = 'pp_ref=garbage; path=/';
    const log = vi.fn();
    expect(readRecord({ name: 'pp_ref', days: 30 }, log)).toBeUndefined();
    expect(log).toHaveBeenCalledWith('unreadable referral cookie removed');
    expect(document.cookie).not.toContain('pp_ref=');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('removeRecord deletes the cookie, and only that one', () => {
    document.cookie = 'other=1; path=/';
    writeRecord({ name: 'pp_ref', days: 30 }, RECORD);
    removeRecord({ name: 'pp_ref', days: 30 });
    expect(document.cookie).not.toContain('pp_ref=');
    expect(document.cookie).toContain('other=1');
  });
});
