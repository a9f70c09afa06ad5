// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/**
 * The referral cookie's lifetime, as our own logic sets it. Safari caps cookies written by
 * script at 7 days (and purges script-writable storage of sites without interaction), which no
 * WebDriver session reproduces (docs/engines.md); what we can prove is what we ask for: the
 * lifetime restarts at each partner click and only then, so under such a cap the referral lives
 * the cap from the buyer's last click, and never longer than `cookieDays` anywhere.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import { freshLandingPage, leavePage } from '../fixtures/browser';

const LANDING = 'https://shop.example.com/landing';
const NOW = new Date('2026-03-02T10:00:00Z');
const DAY = 864e5;

beforeEach(() => {
  freshLandingPage(LANDING, NOW);
  return leavePage;
});

const pixel = (days?: number) => createPixel({ subdomain: 'acme.ontraport.com', ...(days ? { cookieDays: days } : {}) });
const expiryOf = (write: unknown) => new Date(/expires=([^;]+)/i.exec(String(write))![1]).getTime();

describe('referral cookie lifetime', () => {
  it('is gone once cookieDays have passed since the click, and there a moment before', () => {
    const p = pixel(7);
    p.capture(`${LANDING}?orid=42`);
    vi.setSystemTime(NOW.getTime() + 7 * DAY - 1_000);
    expect(p.referral()?.last.orid).toBe('42');
    vi.setSystemTime(NOW.getTime() + 7 * DAY + 1_000);
    expect(p.referral()).toBeUndefined();
  });

  it('restarts at a later click, keeping the first referral', () => {
    const writes = vi.spyOn(document, 'cookie', 'set');
    const p = pixel(7);
    p.capture(`${LANDING}?orid=42`);
    vi.setSystemTime(NOW.getTime() + 5 * DAY);
    p.capture(`${LANDING}?orid=77`);
    expect(expiryOf(writes.mock.calls[1][0])).toBe(NOW.getTime() + 12 * DAY);
    vi.setSystemTime(NOW.getTime() + 11 * DAY);
    expect(p.referral()).toMatchObject({ first: { orid: '42' }, last: { orid: '77' } });
  });

  it('is not extended by page views without a partner link', () => {
    const p = pixel(7);
    p.capture(`${LANDING}?orid=42`);
    const writes = vi.spyOn(document, 'cookie', 'set');
    for (let day = 1; day <= 6; day++) {
      vi.setSystemTime(NOW.getTime() + day * DAY);
      expect(p.capture(`${LANDING}?utm_source=newsletter`)).toBeUndefined();
      expect(p.referral()?.last.orid).toBe('42');
    }
    expect(writes).not.toHaveBeenCalled();
    vi.setSystemTime(NOW.getTime() + 7 * DAY + 1_000);
    expect(p.referral()).toBeUndefined();
  });

  it('asks for 30 days by default, longer than a 7-day cap would keep', () => {
    const writes = vi.spyOn(document, 'cookie', 'set');
    pixel().capture(`${LANDING}?orid=42`);
    expect(expiryOf(writes.mock.calls[0][0]) - NOW.getTime()).toBe(30 * DAY);
  });
});
