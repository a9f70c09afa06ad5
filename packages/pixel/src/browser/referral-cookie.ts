/** The first-party referral cookie (docs/wire.md §2), through js-cookie. */
import Cookies from 'js-cookie';
import { COOKIE_NAME } from '../core/storage.js';
import { decodeRecord, encodeRecord, type ReferralRecord } from '../core/referral.js';
import type { Log } from './debug.js';
import type { PixelOptions } from '../options.js';

export interface CookieSettings {
  name: string;
  domain?: string;
  days: number;
}

/** The cookie's settings from the options, defaults filled in. */
export const cookieSettings = (o: PixelOptions): CookieSettings => ({
  name: o.cookieName || COOKIE_NAME,
  domain: o.cookieDomain,
  // A count of days, or 30: text from an attribute ("7.5") counts too, nonsense does not.
  days: +o.cookieDays! > 0 ? +o.cookieDays! : 30,
});

const attributes = (c: CookieSettings): Cookies.CookieAttributes => ({
  path: '/',
  domain: c.domain,
  sameSite: 'Lax',
  secure: location.protocol == 'https:',
});

/** The stored record; a malformed, tampered or foreign value is removed and reads as none. */
export function readRecord(c: CookieSettings, log: Log): ReferralRecord | undefined {
  const raw = Cookies.get(c.name);
  const record = decodeRecord(raw);
  if (raw != null && !record) {
    log('unreadable referral cookie removed');
    removeRecord(c);
  }
  return record;
}

export function writeRecord(c: CookieSettings, record: ReferralRecord): void {
  Cookies.set(c.name, encodeRecord(record), { ...attributes(c), expires: c.days });
}

export function removeRecord(c: CookieSettings): void {
  Cookies.remove(c.name, attributes(c));
}
