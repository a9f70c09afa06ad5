// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing","settings":{"handleDisabledFileLoadingAsSuccess":true}}
/**
 * The production tags' handover to a sibling file from their own origin (docs/tags.md): in
 * debug mode to the debug build, and from the page tag to the receipt tag while a pixel of an
 * earlier page is still waiting. The sibling gets the tag's `data-*` attributes and `data-tag`;
 * if it fails to load, or the page goes before it ran, the tag does its own work itself.
 * The build switch is set here as rollup sets it for the production tags. (happy-dom loads no
 * script file: the sibling "loads" and does nothing, as if it had not run yet.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPagePixel, createPixel } from '../../src/pixel';
import { fakeNetwork, fakeStorage, type FakeStorage } from '../fixtures/browser';

const build = vi.hoisted(() => ({ TAG: 'page' as string }));
vi.mock('../../src/build', () => ({
  get TAG() {
    return build.TAG;
  },
  DIAGNOSTICS: false,
  VERSION: '0.0.0-test',
}));
const { startTag, DEBUG_FILE, RECEIPT_FILE } = await import('../../src/browser/tag');

type Api = ((command: unknown, arg?: unknown) => void) & { l?: 1 };
const page = window as unknown as { partnerPixel?: Api };
let storage: FakeStorage;
let warn: ReturnType<typeof vi.spyOn>;
let starts: number;

const TAG_SRC = 'https://cdn.example.com/v1/partner-pixel.min.js';
function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.src = TAG_SRC;
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  return script;
}
const create = (options: object) => {
  starts++;
  return build.TAG == 'page' ? createPagePixel(options) : createPixel(options);
};
/** The sibling script elements this test's tag appended. */
const siblings = () => Array.from(document.head.querySelectorAll('script')) as HTMLScriptElement[];
const waiting = () =>
  storage.setItem(
    'pp_outbox_v2',
    JSON.stringify({ sent: [], queue: [{ id: 'UC-0', url: 'https://acme.ontraport.com/p?order_id=UC-0', tries: 1, due: 0 }] }),
  );

beforeEach(() => {
  build.TAG = 'page';
  starts = 0;
  history.replaceState(null, '', '/landing');
  fakeNetwork();
  storage = fakeStorage();
  delete page.partnerPixel;
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});

afterEach(() => {
  // A sibling left waiting must not start in the next test when a pagehide comes.
  page.partnerPixel = Object.assign(() => {}, { l: 1 as const });
  dispatchEvent(new Event('pagehide'));
  for (const s of siblings()) s.remove();
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
});

describe('debug mode hands the whole job to the debug build', () => {
  it.each([
    ['data-debug', { 'data-debug': 'true' }, '/landing'],
    ['?pp_debug=1', {}, '/landing?pp_debug=1'],
  ])('%s: loads the debug build next to the tag, with its attributes and data-tag', (_l, attributes, url) => {
    history.replaceState(null, '', url);
    // The tag's own integrity hash and id belong to it: copied, they would block or confuse the sibling.
    scriptTag({ 'data-subdomain': 'acme.ontraport.com', integrity: 'sha384-tag', id: 'pp', ...attributes });
    startTag(create);
    const [next] = siblings();
    expect(next.src).toBe('https://cdn.example.com/v1/' + DEBUG_FILE);
    expect(next.getAttribute('data-subdomain')).toBe('acme.ontraport.com');
    expect(next.getAttribute('data-tag')).toBe('page');
    expect(next.hasAttribute('src') && next.getAttributeNames().filter((n) => !n.startsWith('data-'))).toEqual(['src']);
    expect(starts).toBe(0);
  });

  it('data-debug="false" is not debug mode: the tag does its own work', () => {
    scriptTag({ 'data-debug': 'false' });
    startTag(create);
    expect(siblings()).toEqual([]);
    expect(starts).toBe(1);
  });

  it('the receipt tag hands over as the receipt tag', () => {
    build.TAG = 'receipt';
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    expect(siblings()[0].getAttribute('data-tag')).toBe('receipt');
  });
});

describe('the page tag hands over to the receipt tag while a pixel is waiting', () => {
  it('loads the receipt tag when the ledger holds a waiting pixel', () => {
    waiting();
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    startTag(create);
    expect(siblings().map((s) => s.src)).toEqual(['https://cdn.example.com/v1/' + RECEIPT_FILE]);
    expect(siblings()[0].getAttribute('data-tag')).toBe('page');
    expect(starts).toBe(0);
  });

  it('a waiting pixel in the first ledger format counts too', () => {
    storage.setItem('pp_px', JSON.stringify({ d: [], q: [{ i: 'UC-0', u: 'https://acme.ontraport.com/p', n: 1, l: 0 }] }));
    scriptTag({});
    startTag(create);
    expect(siblings()).toHaveLength(1);
  });

  it.each([
    ['no ledger', null],
    ['an empty queue', JSON.stringify({ sent: ['UC-0'], queue: [] })],
  ])('with %s the page tag does its own work and loads nothing', (_l, ledger) => {
    if (ledger) storage.setItem('pp_outbox_v2', ledger);
    scriptTag({});
    startTag(create);
    expect(siblings()).toEqual([]);
    expect(starts).toBe(1);
  });

  it('storage that throws reads as nothing waiting', () => {
    storage.fault = 'denied';
    scriptTag({});
    startTag(create);
    expect(siblings()).toEqual([]);
    expect(starts).toBe(1);
  });

  it('the receipt tag delivers a waiting pixel itself', () => {
    build.TAG = 'receipt';
    waiting();
    scriptTag({});
    startTag(create);
    expect(siblings()).toEqual([]);
    expect(starts).toBe(1);
  });
});

describe('when the sibling does not run, the tag does its own work', () => {
  it('a sibling that fails to load: a warning naming it, and the tag starts itself', () => {
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    siblings()[0].onerror!(new Event('error'));
    expect(warn).toHaveBeenCalledWith(`[partner-pixel] https://cdn.example.com/v1/${DEBUG_FILE} not loaded`);
    expect(starts).toBe(1);
    expect(page.partnerPixel?.l).toBe(1);
  });

  it('the page going before the sibling ran: the tag starts itself, once', () => {
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    dispatchEvent(new Event('pagehide'));
    expect(starts).toBe(1);
    siblings()[0].onerror!(new Event('error'));
    expect(starts).toBe(1);
  });

  it('the sibling ran first: the tag does nothing more as the page goes', () => {
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    page.partnerPixel = Object.assign(() => {}, { l: 1 as const });
    dispatchEvent(new Event('pagehide'));
    expect(starts).toBe(0);
  });

  it('a second copy of the tag on the page, once the sibling ran, loads nothing more', () => {
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    page.partnerPixel = Object.assign(() => {}, { l: 1 as const });
    scriptTag({ 'data-debug': 'true' });
    startTag(create);
    expect(siblings()).toHaveLength(1);
  });

  it('a page whose DOM refuses the sibling gets a warning, not an exception', () => {
    scriptTag({ 'data-debug': 'true' });
    vi.spyOn(document, 'createElement').mockImplementation(() => {
      throw new Error('blocked');
    });
    expect(() => startTag(create)).not.toThrow();
    expect(warn).toHaveBeenCalledWith('[partner-pixel] not started: Error: blocked');
  });

  it('a tag without a script element (injected by code) loads no sibling and starts', () => {
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    waiting();
    startTag(create);
    expect(siblings()).toEqual([]);
    expect(starts).toBe(1);
  });
});

describe('the page tag itself acts as a page', () => {
  it('refuses a purchase without data-tag, pointing at the receipt tag', () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    startTag(create);
    page.partnerPixel!('purchase', { orderId: 'UC-1' });
    expect(warn).toHaveBeenCalledWith(
      `[partner-pixel] purchase needs the receipt tag (${RECEIPT_FILE}) on this page: nothing sent`,
    );
  });
});
