/** The first-party referral cookie (WIRE.md §2), through js-cookie. */
import Cookies from 'js-cookie';
import { decodeRecord, encodeRecord, type ReferralRecord } from '../core/referral.js';
import type { Log } from './debug.js';

export interface CookieSettings {
  name: string;
  domain?: string;
  days: number;
}

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
    Cookies.remove(c.name, attributes(c));
  }
  return record;
}

export function writeRecord(c: CookieSettings, record: ReferralRecord): void {
  Cookies.set(c.name, encodeRecord(record), { ...attributes(c), expires: c.days });
}

export function removeRecord(c: CookieSettings): void {
  Cookies.remove(c.name, attributes(c));
}
