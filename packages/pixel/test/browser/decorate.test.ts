// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://www.merchant.example/landing","settings":{"navigation":{"disableMainFrameNavigation":true,"disableChildFrameNavigation":true,"disableChildPageNavigation":true,"disableFallbackToSetURL":true}}}
/**
 * The cross-site hand-off (docs/wire.md §2): links and forms that lead to a configured checkout
 * host carry the referral at the moment they are used.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { clearCookies, fakeNetwork, fakeStorage } from '../fixtures/browser';

const LANDING = 'https://www.merchant.example/landing';
const CHECKOUT = 'https://secure.ultracart.com/checkout';

const watchListeners = () => vi.spyOn(document, 'addEventListener');
let added: ReturnType<typeof watchListeners>;

beforeEach(() => {
  clearCookies();
  fakeNetwork();
  fakeStorage();
  document.body.innerHTML = '';
  added = watchListeners();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  // Each pixel listens on the document; the next test must start without them.
  for (const [type, listener, options] of added.mock.calls)
    document.removeEventListener(type, listener as EventListener, options as boolean);
  // A followed link would have moved the page (the settings above keep happy-dom from
  // loading anything): every test starts on the landing page.
  expect(location.href).toBe(LANDING);
});

function withReferral(options: PixelOptions = {}) {
  const pixel = createPixel({ subdomain: 'acme.ontraport.com', checkoutHosts: ['secure.ultracart.com'], ...options });
  pixel.capture(`${LANDING}?orid=42&sid=spring&opid=7`);
  return pixel;
}

function link(href: string, inner = 'Buy'): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.innerHTML = `<span>${inner}</span>`;
  document.body.appendChild(a);
  return a;
}

const click = (el: Element, type = 'click') =>
  el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, button: type == 'auxclick' ? 1 : 0 }));

const params = (href: string) => Object.fromEntries(new URL(href).searchParams);

describe('checkout link decoration', () => {
  it('writes UltraCart CustomFieldN parameters by the mapping', () => {
    withReferral({ customFields: { orid: 1, sid: 2, opid: 3 } });
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', CustomField1: '42', sid: 'spring', CustomField2: 'spring', opid: '7', CustomField3: '7' });
  });

  it('writes no custom field outside 1 to 7', () => {
    withReferral({ customFields: { orid: 8, sid: 0 } as never });
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });

  it('matches checkout hosts written with a scheme, a port or capitals', () => {
    withReferral({ checkoutHosts: ['https://Secure.UltraCart.com:443/'] });
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });

  it('a click on a checkout link appends orid, sid and opid', () => {
    withReferral();
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
    expect(a.href.startsWith(CHECKOUT + '?')).toBe(true);
  });

  it("keeps the link's own query and replaces a stale referral instead of repeating it", () => {
    withReferral();
    const a = link(`${CHECKOUT}?item=SKU-1&orid=1`);
    click(a);
    const q = new URL(a.href).searchParams;
    expect(q.get('item')).toBe('SKU-1');
    expect(q.getAll('orid')).toEqual(['42']);
  });

  it('decorates when the click lands on an element inside the link', () => {
    withReferral();
    const a = link(CHECKOUT);
    click(a.querySelector('span')!);
    expect(params(a.href).orid).toBe('42');
  });

  it('decorates a middle click (open in a new tab) too', () => {
    withReferral();
    const a = link(CHECKOUT);
    click(a, 'auxclick');
    expect(params(a.href).orid).toBe('42');
  });

  it('decorates links added after the pixel started', () => {
    withReferral();
    const later = link(CHECKOUT);
    click(later);
    expect(params(later.href).orid).toBe('42');
  });

  it('matches the configured host regardless of case', () => {
    withReferral({ checkoutHosts: ['Secure.UltraCart.COM'] });
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href).orid).toBe('42');
  });

  it.each([
    ['another site', 'https://other.example/checkout'],
    ['a look-alike host', 'https://secure.ultracart.com.evil.example/checkout'],
    ['a subdomain of the checkout host', 'https://x.secure.ultracart.com/checkout'],
    ['the page itself', 'https://www.merchant.example/cart'],
    ['a relative link', '/cart'],
    ['a mailto link', 'mailto:shop@merchant.example'],
  ])('leaves a link to %s untouched', (_label, href) => {
    withReferral({ checkoutHosts: ['secure.ultracart.com', 'www.merchant.example'] });
    const a = link(href);
    const before = a.href;
    click(a);
    expect(a.href).toBe(before);
  });

  it('leaves checkout links untouched when there is no referral', () => {
    createPixel({ checkoutHosts: ['secure.ultracart.com'] });
    const a = link(CHECKOUT);
    click(a);
    expect(a.href).toBe(CHECKOUT);
  });

  it('a pixel without checkoutHosts decorates nothing', () => {
    const pixel = createPixel({});
    pixel.capture(`${LANDING}?orid=42`);
    const a = link(CHECKOUT);
    click(a);
    expect(a.href).toBe(CHECKOUT);
  });

  it('with requireConsent, decorates only once consent is given', () => {
    const pixel = withReferral({ requireConsent: true });
    const a = link(CHECKOUT);
    click(a);
    expect(a.href).toBe(CHECKOUT);
    pixel.consent(true);
    click(a);
    expect(params(a.href).orid).toBe('42');
  });

  it("a form posting to the checkout gets the referral in its action", () => {
    withReferral();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = `${CHECKOUT}?step=1`;
    document.body.appendChild(form);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(params(form.action)).toEqual({ step: '1', orid: '42', sid: 'spring', opid: '7' });
  });

  it('a form posting elsewhere is untouched', () => {
    withReferral();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = 'https://other.example/subscribe';
    document.body.appendChild(form);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(form.action).toBe('https://other.example/subscribe');
  });

  it('a click elsewhere on the page changes nothing and throws nothing', () => {
    withReferral();
    const p = document.createElement('p');
    document.body.appendChild(p);
    expect(() => click(p)).not.toThrow();
    expect(() => document.body.dispatchEvent(new Event('submit', { bubbles: true }))).not.toThrow();
  });
});

describe('checkout link decoration, at its edges', () => {
  it('a referral without sid or opid adds only orid: no empty or "undefined" parameters', () => {
    const pixel = createPixel({ subdomain: 'acme.ontraport.com', checkoutHosts: ['secure.ultracart.com'], customFields: { orid: 1, sid: 2, opid: 3 } });
    pixel.capture(`${LANDING}?orid=42`);
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', CustomField1: '42' });
  });

  it.each([17, 71, '1a'])('a custom field %j is not one of 1 to 7: nothing written for it', (field) => {
    withReferral({ customFields: { orid: field } as never });
    const a = link(CHECKOUT);
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });

  it("decorates even when the page's own click handler stops the click from bubbling", () => {
    withReferral();
    const a = link(CHECKOUT);
    a.addEventListener('click', (e) => e.stopPropagation());
    click(a);
    expect(params(a.href)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });
});
