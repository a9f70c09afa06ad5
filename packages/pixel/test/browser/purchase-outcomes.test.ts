// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/**
 * What `purchase`, `optin` and `consent` tell the page and the console, word for word where a
 * merchant reads it: the reason of a refusal, the warning about a mode it had to guess, the
 * Global Privacy Control outcome, and which attribution spellings credit the first referrer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { freshLandingPage, leavePage, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL, withFields } from '../fixtures/orders';

const SUBDOMAIN = 'acme.ontraport.com';
const LANDING = 'https://shop.example.com/landing';

let net: FakeNetwork;
let warnings: () => string[];

beforeEach(() => {
  ({ net, warnings } = freshLandingPage(LANDING, new Date('2026-03-02T10:00:00Z')));
});

afterEach(leavePage);

const pixel = (options: PixelOptions = {}) => createPixel({ subdomain: SUBDOMAIN, ...options });
const orid = (url: string) => new URL(url).searchParams.get('orid');

describe('an opt-in', () => {
  it('refused for its email says "optin refused:" and the refusal', async () => {
    expect(await pixel().optin({ email: 'nobody' })).toEqual({
      status: 'invalid',
      reason: 'optin refused: email "nobody" is not an email address',
    });
  });

  it('with no valid subdomain is refused with the subdomain error and sends nothing', async () => {
    const result = await createPixel({}).optin({ email: 'lead@example.com' });
    expect(result).toEqual({ status: 'invalid', reason: 'subdomain undefined is missing' });
    expect(net.requests).toEqual([]);
  });

  it("and an order whose id is the lead's email are told apart: both are sent", async () => {
    const p = pixel();
    expect((await p.optin({ email: 'b@example.com' })).status).toBe('sent');
    expect((await p.purchase(withFields(MINIMAL, { orderId: 'b@example.com' }))).status).toBe('sent');
    expect(net.requests).toHaveLength(2);
  });
});

describe('an order that throws when read', () => {
  it('resolves invalid with the error as its reason, and sends nothing', async () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('hostile getter'); } });
    expect(await pixel().purchase(hostile)).toEqual({ status: 'invalid', reason: 'Error: hostile getter' });
    expect(net.requests).toEqual([]);
  });
});

describe('a call that fails inside the pixel', () => {
  it('is logged as the error itself, with the prefix, and not thrown', () => {
    let error: unknown;
    try {
      new URL('http://[', LANDING);
    } catch (e) {
      error = e;
    }
    expect(() => pixel().capture('http://[')).not.toThrow();
    expect(warnings()).toEqual(['[partner-pixel] ' + String(error)]);
  });
});

describe('data-mode', () => {
  it.each([
    ['server-api', 'api'],
    ['no-pixel', 'pixel'],
  ])('%j, not exactly pixel or api, warns with what it was read as', (mode, readAs) => {
    pixel({ mode: mode as 'api' });
    expect(warnings()).toEqual([`[partner-pixel] data-mode "${mode}" read as ${readAs}; accepted: pixel, api`]);
  });
});

describe('attribution', () => {
  it.each(['first-click', 'not first', 'firstlast'])('%j is not "first": the last referrer is credited', async (attribution) => {
    const p = pixel({ attribution: attribution as 'first' });
    p.capture(`${LANDING}?orid=42`);
    p.capture(`${LANDING}?orid=43`);
    await p.purchase(MINIMAL);
    expect(orid(net.requests[0])).toBe('43');
  });
});

describe('consent', () => {
  it('given twice runs the held work once, and warns of nothing', async () => {
    const p = pixel({ requireConsent: true });
    const sale = p.purchase(MINIMAL);
    p.consent(true);
    p.consent(true);
    expect((await sale).status).toBe('sent');
    expect(net.requests).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('withdrawn and given again warns of nothing and still sends what is held', async () => {
    const p = pixel({ requireConsent: true });
    p.consent(true);
    p.consent(false);
    const sale = p.purchase(MINIMAL);
    p.consent(true);
    expect((await sale).status).toBe('sent');
    expect(warnings()).toEqual([]);
  });
});

describe('Global Privacy Control', () => {
  beforeEach(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true }));
  afterEach(() => {
    delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  });

  it('a purchase resolves skipped, saying Global Privacy Control', async () => {
    expect(await pixel({ respectGpc: true }).purchase(MINIMAL)).toEqual({ status: 'skipped', reason: 'Global Privacy Control' });
  });

  it('consent(true) does not lift it: a later capture writes nothing and a later purchase sends nothing', async () => {
    const p = pixel({ respectGpc: true, requireConsent: true });
    p.consent(true);
    p.capture(`${LANDING}?orid=42`);
    expect(document.cookie).not.toMatch(/pp_ref=/);
    expect((await p.purchase(MINIMAL)).status).toBe('skipped');
    await vi.runAllTimersAsync();
    expect(net.requests).toEqual([]);
  });
});
