// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * How a script tag starts (docs/tags.md): options from its own `data-*` attributes, `init`
 * from the command queue winning over them, the referral captured, the order block read, the
 * `partnerPixel` stub replaced and the queue replayed; a page-acting tag refuses purchases out
 * loud; nothing it meets (a bad attribute, an unknown command, a failing pixel) throws into
 * the page. Here in the npm build, where the tag never hands over to a sibling file
 * (tag-handoff.test.ts covers that, as the production page tag).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTag } from '../../src/browser/tag';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { clearCookies, fakeNetwork, fakeStorage, settle, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';

type Api = ((command: unknown, arg?: unknown) => void) & { q?: unknown[][]; l?: 1 };
const page = window as unknown as { partnerPixel?: Api };

let net: FakeNetwork;
let warn: ReturnType<typeof vi.spyOn>;

/** The `<script>` tag as the merchant writes it, as `document.currentScript` while it runs. */
function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.src = 'https://cdn.example.com/partner-pixel-receipt.min.js';
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  return script;
}

/** The stub snippet a merchant pastes before the tag: it queues calls until the tag runs. */
function stub(...calls: unknown[][]): void {
  const queue: Api = (...args: unknown[]) => void queue.q!.push(args);
  queue.q = calls;
  page.partnerPixel = queue;
}

function orderBlock(order: unknown): void {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = 'partner-pixel-order';
  block.textContent = typeof order == 'string' ? order : JSON.stringify(order);
  document.body.append(block);
}

const warnings = (): string[] => warn.mock.calls.map((c: unknown[]) => String(c[0]));
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
/** createPixel, remembering the options each tag start passed it. */
const created: PixelOptions[] = [];
const create = (options: PixelOptions) => {
  created.push(options);
  return createPixel(options);
};

beforeEach(() => {
  vi.useFakeTimers();
  clearCookies();
  history.replaceState(null, '', '/receipt');
  net = fakeNetwork();
  fakeStorage();
  created.length = 0;
  delete page.partnerPixel;
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});

afterEach(() => {
  // An earlier test's order-block listeners must find nothing in the next one.
  document.getElementById('partner-pixel-order')?.remove();
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
  vi.useRealTimers();
});

describe('options from the tag', () => {
  // ("true" rather than a bare attribute: happy-dom's dataset leaves out empty values.)
  it('reads every data-* attribute as its option, except data-tag', () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com', 'data-cookie-days': '7', 'data-debug': 'true', 'data-tag': 'receipt' });
    startTag(create);
    expect(created).toEqual([{ subdomain: 'acme.ontraport.com', cookieDays: 7, debug: true }]);
  });

  it.each([
    ['not JSON', '{firstName:First_Name}'],
    ['a JSON string, not read name by name', '"email"'],
    ['a JSON list', '["email"]'],
    ['JSON null', 'null'],
  ])('data-keys that is %s costs the overrides only: one warning echoing it, and the pixel still goes out', async (_label, value) => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com', 'data-keys': value });
    orderBlock(MINIMAL);
    startTag(create);
    await settle();
    expect(warnings()).toEqual([`[partner-pixel] data-keys ${JSON.stringify(value)} ignored; accepted: a JSON object`]);
    expect(created[0]).toEqual({ subdomain: 'acme.ontraport.com' });
    expect(net.delivered).toHaveLength(1);
  });

  it('init queued before the tag arrived configures it, and page code wins over attributes', () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com', 'data-mode': 'pixel' });
    stub(['init', { mode: 'api', attribution: 'first' }]);
    startTag(create);
    expect(created).toEqual([{ subdomain: 'acme.ontraport.com', mode: 'api', attribution: 'first' }]);
  });

  it('a tag without a script element (injected by code) starts with no attribute options', () => {
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    startTag(create);
    expect(created).toEqual([{}]);
    expect(page.partnerPixel?.l).toBe(1);
  });
});

describe('start', () => {
  it('captures the partner link the page was opened from', () => {
    history.replaceState(null, '', '/receipt?orid=42&sid=spring');
    scriptTag({});
    startTag(create);
    expect(page.partnerPixel).toBeDefined();
    expect(document.cookie).toMatch(/pp_ref=1\|42:spring:/);
  });

  it('delivers a pixel an earlier page left waiting', async () => {
    const url = 'https://acme.ontraport.com/p?order_id=UC-0';
    localStorage.setItem('pp_outbox_v2', JSON.stringify({ sent: [], queue: [{ id: 'UC-0', url, tries: 1, due: 0 }] }));
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    startTag(create);
    await settle();
    expect(net.delivered).toEqual([url]);
  });

  it('sends the order of the order block standing above the tag', async () => {
    orderBlock(MINIMAL);
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    startTag(create);
    await settle();
    expect(net.delivered.map(query)).toEqual([expect.objectContaining({ order_id: 'UC-1', item_price_1: '10.00' })]);
  });

  it('an order block that is not JSON is a warning, not an exception in the page', async () => {
    orderBlock('{orderId: UC-1');
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    expect(() => startTag(create)).not.toThrow();
    await settle();
    expect(warnings().some((w) => w.startsWith('[partner-pixel] order block: SyntaxError'))).toBe(true);
    expect(net.requests).toEqual([]);
  });

  it('a pixel that cannot be created is a warning, not an exception in the page', () => {
    scriptTag({});
    expect(() =>
      startTag(() => {
        throw new Error('broken');
      }),
    ).not.toThrow();
    expect(warnings()).toEqual(['[partner-pixel] not started: Error: broken']);
    expect(page.partnerPixel?.l).toBeUndefined();
  });

  it('a second copy of the tag on the page neither starts again nor replaces the first', () => {
    scriptTag({});
    startTag(create);
    const first = page.partnerPixel;
    startTag(create);
    expect(created).toHaveLength(1);
    expect(page.partnerPixel).toBe(first);
  });
});

describe('the command queue', () => {
  it('replays the commands queued before the tag arrived, in order, after init', async () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    stub(['purchase', { ...MINIMAL, orderId: 'A-1' }], ['init', { timeoutMs: 500 }], ['purchase', { ...MINIMAL, orderId: 'A-2' }]);
    startTag(create);
    await settle();
    // Only init configures: a purchase's order is not taken for options, nor init for a command.
    expect(created).toEqual([{ subdomain: 'acme.ontraport.com', timeoutMs: 500 }]);
    expect(net.delivered.map((u) => query(u).order_id)).toEqual(['A-1', 'A-2']);
    expect(warnings()).toEqual([]);
  });

  it('sends a queued opt-in: the receipt tag carries the lead pixel', async () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    stub(['optin', { email: 'lead@example.com' }]);
    startTag(create);
    await settle();
    expect(net.delivered.map(query)).toEqual([expect.objectContaining({ aff_only: '1', order_id: '0', email: 'lead@example.com' })]);
  });

  it('runs commands called after load at once', async () => {
    scriptTag({ 'data-subdomain': 'acme.ontraport.com' });
    startTag(create);
    page.partnerPixel!('purchase', MINIMAL);
    await settle();
    expect(net.delivered).toHaveLength(1);
  });

  it('warns about an unknown command, and about init after load, and goes on', () => {
    scriptTag({});
    startTag(create);
    page.partnerPixel!('purchace', MINIMAL);
    page.partnerPixel!('init', { mode: 'api' });
    page.partnerPixel!('toString');
    expect(warnings()).toEqual([
      '[partner-pixel] command purchace unknown, or init after load',
      '[partner-pixel] command init unknown, or init after load',
      '[partner-pixel] command toString unknown, or init after load',
    ]);
  });

  it('a command that cannot even be printed is ignored without an exception', () => {
    scriptTag({});
    startTag(create);
    const hostile = { toString: () => { throw new Error('no'); } };
    expect(() => page.partnerPixel!(Symbol('purchase'))).not.toThrow();
    expect(() => page.partnerPixel!(hostile)).not.toThrow();
  });
});

describe('a tag acting as the page tag', () => {
  it('refuses purchases and opt-ins out loud: they need the receipt tag', async () => {
    orderBlock(MINIMAL);
    scriptTag({ 'data-subdomain': 'acme.ontraport.com', 'data-tag': 'page' });
    stub(['optin', { email: 'lead@example.com' }]);
    startTag(create);
    page.partnerPixel!('purchase', MINIMAL);
    await settle();
    expect(net.requests).toEqual([]);
    const refusal = (what: string) =>
      `[partner-pixel] ${what} needs the receipt tag (partner-pixel-receipt.min.js) on this page: nothing sent`;
    expect(warnings()).toEqual([refusal('purchase'), refusal('optin'), refusal('purchase')]);
  });

  it('still captures and takes consent', () => {
    history.replaceState(null, '', '/landing?orid=42');
    scriptTag({ 'data-tag': 'page', 'data-require-consent': 'true' });
    startTag(create);
    expect(document.cookie).not.toMatch(/pp_ref=/);
    page.partnerPixel!('consent', true);
    page.partnerPixel!('capture');
    expect(document.cookie).toMatch(/pp_ref=1\|42:/);
  });
});
