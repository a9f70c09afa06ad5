// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The promises the outbox and delivery make, each in a test that fails when the behaviour is
 * removed: a stored ledger of the wrong shape or not JSON is replaced, never trusted and never
 * mistaken for broken storage; both caps bound storage, oldest first; a lease held by a flush
 * keeps a later page view from sending the same pixel again while it may still be arriving;
 * consent never throws into the page. (The handoff at `pagehide`: pixel.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { fakeNetwork, fakeStorage, settle, type FakeNetwork, type FakeStorage } from '../fixtures/browser';
import { MINIMAL, withFields } from '../fixtures/orders';

/** Where and how the ledger is stored today: the one place to change when its format moves. */
const LEDGER_KEY = 'pp_outbox_v2';
const storedLedger = (delivered: unknown, pending: unknown) => JSON.stringify({ sent: delivered, queue: pending });
const pendingEntry = (orderId: string, url: string, attempts: number, notBefore: number) => ({
  id: orderId,
  url,
  tries: attempts,
  due: notBefore,
});

const NOW = new Date('2026-03-02T10:00:00Z').getTime();
const TIMEOUT = 10_000;
const ORDER = MINIMAL.orderId;
const order = (orderId: string) => withFields(MINIMAL, { orderId });

let net: FakeNetwork;
let storage: FakeStorage;
let info: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  net = fakeNetwork();
  storage = fakeStorage();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
});

const pixel = (options: PixelOptions = {}) =>
  createPixel({ subdomain: 'acme.ontraport.com', timeoutMs: TIMEOUT, ...options });
const infoMessages = (): string[] => info.mock.calls.map((c: unknown[]) => String(c[0]));

describe('a stored ledger that is not what the outbox writes is replaced, not trusted', () => {
  it.each<[string, unknown, unknown]>([
    ['delivered ids that are not a list', ORDER, []],
    ['pending pixels that are not a list', [], ORDER],
    ['a pending pixel that is not an object', [], [null]],
    ['a pending pixel without a URL', [], [{ id: ORDER, tries: 1, due: 0 }]],
    ['a pending pixel without an order id', [], [{ url: 'https://acme.ontraport.com/p?x', tries: 1, due: 0 }]],
    ['a pending pixel with a negative attempt count', [], [pendingEntry(ORDER, 'https://x.example/p', -1, 0)]],
    ['a pending pixel with a negative lease', [], [pendingEntry(ORDER, 'https://x.example/p', 1, -1)]],
    ['a pending pixel with a text attempt count', [], [pendingEntry(ORDER, 'https://x.example/p', 'one' as never, 0)]],
  ])('%s: the order is sent, neither taken for a duplicate nor refused', async (_label, delivered, pending) => {
    localStorage.setItem(LEDGER_KEY, storedLedger(delivered, pending));
    const result = await pixel().purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(net.delivered).toEqual([result.url]);
  });

  it.each<[string, string]>([
    ['the whole value is a list', '[]'],
    ['the whole value is a number', '42'],
    ['the whole value is text', JSON.stringify(ORDER)],
  ])('%s: the order is sent', async (_label, value) => {
    localStorage.setItem(LEDGER_KEY, value);
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
  });

  it('a well-formed ledger is trusted, down to a pending pixel with zero attempts and lease', async () => {
    // The same shapes as above but valid: the order id is known, so nothing is sent twice.
    localStorage.setItem(LEDGER_KEY, storedLedger([], [pendingEntry(ORDER, 'https://acme.ontraport.com/p?a=1', 0, 0)]));
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
    localStorage.setItem(LEDGER_KEY, storedLedger([ORDER], []));
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
    expect(net.requests).toEqual([]);
  });
});

describe('a stored value that is not JSON', () => {
  it('reads as an empty ledger, and storage is still used: a failed pixel is queued and retried', async () => {
    localStorage.setItem(LEDGER_KEY, '{not json');
    // The fetch and its image fallback both fail.
    net.script('error', 'error');
    const result = await pixel({ debug: true }).purchase(MINIMAL);
    // Not "failed": the value was junk, the storage itself works and will carry the retry.
    expect(result.status).toBe('queued');
    expect(infoMessages().some((m) => /storage unavailable/.test(m))).toBe(false);
    expect(localStorage.getItem(LEDGER_KEY)).toContain(ORDER);
    await vi.runAllTimersAsync();
    expect(net.delivered).toEqual([result.url]);
  });
});

describe('storage that fails', () => {
  it('full: the page keeps its own copy of the ledger, so the same order is not sent twice', async () => {
    storage.fault = 'full';
    const p = pixel({ debug: true });
    expect((await p.purchase(MINIMAL)).status).toBe('sent');
    expect((await p.purchase(MINIMAL)).status).toBe('duplicate');
    expect(net.requests).toHaveLength(1);
  });

  it('denied: debug mode says so once, naming the error', async () => {
    storage.fault = 'denied';
    const p = pixel({ debug: true });
    await p.purchase(MINIMAL);
    await p.purchase(order('B2'));
    const said = infoMessages().filter((m) => /storage unavailable/.test(m));
    expect(said).toEqual([expect.stringMatching(/^\[partner-pixel\] storage unavailable \(SecurityError.*\): pixels are sent once/)]);
  });
});

describe('storage is bounded', () => {
  it('remembers the latest 200 delivered orders and forgets the oldest first', async () => {
    const p = pixel();
    for (let n = 1; n <= 205; n++) expect((await p.purchase(order('A' + n))).status).toBe('sent');
    const before = net.requests.length;
    // A1..A5 fell out of the ledger; A6 is the oldest still known.
    expect((await p.purchase(order('A6'))).status).toBe('duplicate');
    expect((await p.purchase(order('A205'))).status).toBe('duplicate');
    expect(net.requests).toHaveLength(before);
    const kept = localStorage.getItem(LEDGER_KEY)!;
    expect(kept).not.toContain('"A1"');
    expect(kept).toContain('"A6"');
    expect((await p.purchase(order('A5'))).status).toBe('sent');
  });

  it('keeps at most 20 waiting pixels, drops the oldest first, and says so in debug mode', async () => {
    // Each attempt is a fetch and its image fallback: both fail for each of the 21 orders.
    net.script(...Array<'error'>(42).fill('error'));
    const p = pixel({ debug: true });
    for (let n = 1; n <= 21; n++) expect((await p.purchase(order('Q' + n))).status).toBe('queued');
    expect(infoMessages().filter((m) => /outbox full: dropped the oldest pixel/.test(m))).toHaveLength(1);
    const kept = localStorage.getItem(LEDGER_KEY)!;
    expect(kept).not.toContain('"Q1"');
    expect(kept).toContain('"Q2"');
    expect(kept).toContain('"Q21"');
    // The 20 kept are retried and delivered; the dropped one is no longer known.
    await vi.runAllTimersAsync();
    expect(net.delivered).toHaveLength(20);
    expect(net.delivered.some((url) => url.includes('order_id=Q1&'))).toBe(false);
  });

  it('exactly 20 waiting pixels is not over the cap', async () => {
    net.script(...Array<'error'>(40).fill('error'));
    const p = pixel({ debug: true });
    for (let n = 1; n <= 20; n++) await p.purchase(order('Q' + n));
    expect(infoMessages().some((m) => /outbox full/.test(m))).toBe(false);
    expect(localStorage.getItem(LEDGER_KEY)).toContain('"Q1"');
  });
});

describe('the flush lease', () => {
  it('a pixel another tab is sending (lease not run out) is left alone, then sent once the lease ends', async () => {
    const url = 'https://acme.ontraport.com/p?order_id=T1&email=b%40example.com';
    localStorage.setItem(LEDGER_KEY, storedLedger([], [pendingEntry('T1', url, 1, NOW + 5000)]));
    const p = pixel();
    await p.flush();
    await vi.advanceTimersByTimeAsync(4999);
    expect(net.requests).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.requests).toEqual([url]);
    await vi.runAllTimersAsync();
    expect(net.delivered).toEqual([url]);
    expect((await p.purchase(order('T1'))).status).toBe('duplicate');
  });

  it('a due pixel is sent at once by flush', async () => {
    const url = 'https://acme.ontraport.com/p?order_id=T2&email=b%40example.com';
    localStorage.setItem(LEDGER_KEY, storedLedger([], [pendingEntry('T2', url, 1, NOW - 1)]));
    await pixel().flush();
    expect(net.delivered).toEqual([url]);
  });

  it('a pixel in flight in this tab is not sent a second time by a flush of another', async () => {
    net.script('hang');
    void pixel().purchase(MINIMAL);
    await settle();
    await pixel().flush();
    // A slow answer is waited for, not repeated: the lease is three timeouts.
    await vi.advanceTimersByTimeAsync(3 * TIMEOUT - 1);
    await pixel().flush();
    expect(net.requests).toHaveLength(1);
  });
});

describe('consent never throws into the page', () => {
  const cookieSpies: Array<{ mockRestore(): void }> = [];
  const throwingCookies = () => {
    const sandboxed = () => {
      throw new DOMException('sandboxed', 'SecurityError');
    };
    cookieSpies.push(vi.spyOn(document, 'cookie', 'get').mockImplementation(sandboxed));
    cookieSpies.push(vi.spyOn(document, 'cookie', 'set').mockImplementation(sandboxed));
  };
  // restoreMocks does not undo a spy on document.cookie's accessors here: undone by hand.
  afterEach(() => cookieSpies.splice(0).forEach((spy) => spy.mockRestore()));

  it('consent(false) with cookies that throw: no exception, a warning instead', () => {
    const p = pixel({ requireConsent: true });
    throwingCookies();
    expect(() => p.consent(false)).not.toThrow();
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/^\[partner-pixel\] .*sandboxed/));
  });

  it('consent(true) running held work whose cookie write throws: no exception', () => {
    const p = pixel({ requireConsent: true });
    p.capture('https://shop.example.com/landing?orid=42');
    throwingCookies();
    expect(() => p.consent(true)).not.toThrow();
  });

  it('consent(true) with storage that throws: no exception, and the held purchase still sends', async () => {
    const p = pixel({ requireConsent: true });
    const result = p.purchase(MINIMAL);
    storage.fault = 'denied';
    expect(() => p.consent(true)).not.toThrow();
    expect(await result).toMatchObject({ status: 'sent' });
  });

  it.each<[string, unknown]>([
    ['a string', 'yes'],
    ['undefined', undefined],
    ['an object', {}],
  ])('consent(%s) does not throw', (_label, value) => {
    const p = pixel({ requireConsent: true });
    expect(() => p.consent(value as boolean)).not.toThrow();
  });
});
