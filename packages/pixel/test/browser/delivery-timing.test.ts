// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The documented defaults and bounds of delivery (README's option table, docs/delivery.md):
 * a 10 s image timeout, 10 attempts, a backoff of 2 s, 4 s, 8 s ... capped at 5 minutes and
 * scaled by 0.5 to 1.5, and debug mode narrating each step (what was captured or ignored, the
 * order as read, each pixel sent, each retry with its wait), while a duplicate, the normal
 * outcome of a reload, is never a warning.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { clearCookies, fakeNetwork, fakeStorage, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';

let net: FakeNetwork;
let info: ReturnType<typeof vi.spyOn>;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
  clearCookies();
  history.replaceState(null, '', '/receipt');
  net = fakeNetwork();
  fakeStorage();
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  dispatchEvent(new Event('pagehide'));
  vi.useRealTimers();
});

const pixel = (options: PixelOptions = {}) => createPixel({ subdomain: 'acme.ontraport.com', ...options });
const infos = (): string[] => info.mock.calls.map((c: unknown[]) => String(c[0]));
const warnings = (): string[] => warn.mock.calls.map((c: unknown[]) => String(c[0]));
/** The waits debug mode announced, in ms. */
const waits = () =>
  infos()
    .map((m) => /retry in (\d+) ms$/.exec(m)?.[1])
    .filter(Boolean)
    .map(Number);
const fetches = () => net.transports.filter((t) => t == 'fetch').length;

describe('defaults', () => {
  it('an image fallback that never answers times out after 10 s by default', async () => {
    net.script('error', 'hang');
    let status: string | undefined;
    void pixel().purchase(MINIMAL).then((r) => (status = r.status));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(status).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(status).toBe('queued');
  });

  it('gives a pixel up after 10 attempts by default, saying so', async () => {
    net.script(...Array<'error'>(40).fill('error'));
    await pixel().purchase(MINIMAL);
    await vi.runAllTimersAsync();
    expect(fetches()).toBe(10);
    expect(warnings()).toContain('[partner-pixel] order UC-1 undelivered, given up after 10 attempts');
  });
});

describe('backoff', () => {
  it('doubles from 2 s at the middle of its spread, and waits for it before retrying', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script(...Array<'error'>(6).fill('error'));
    await pixel({ debug: true }).purchase(MINIMAL);
    expect(waits()).toEqual([2000]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetches()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(fetches()).toBe(2);
    expect(waits()).toEqual([2000, 4000]);
    await vi.advanceTimersByTimeAsync(4100);
    expect(waits()).toEqual([2000, 4000, 8000]);
  });

  it('is spread from half to one and a half times the step', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    net.script(...Array<'error'>(4).fill('error'));
    await pixel({ debug: true }).purchase(MINIMAL);
    random.mockReturnValue(0.999);
    await vi.advanceTimersByTimeAsync(1100);
    expect(waits()).toEqual([1000, 5996]);
  });

  it('is capped at 5 minutes (times the spread), however many attempts failed', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script(...Array<'error'>(40).fill('error'));
    await pixel({ debug: true, maxAttempts: 12 }).purchase(MINIMAL);
    await vi.runAllTimersAsync();
    expect(waits()).toEqual([2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000]);
  });
});

describe('debug mode narrates each step', () => {
  it('a partner link captured, the order read and the pixel sent', async () => {
    const p = pixel({ debug: true });
    p.capture('https://shop.example.com/?orid=42');
    const result = await p.purchase({ ...MINIMAL, currency: 'usd' });
    expect(infos()).toEqual([
      '[partner-pixel] captured partner 42',
      '[partner-pixel] order UC-1: 10.00 USD, partner 42',
      '[partner-pixel] sent ' + result.url,
    ]);
  });

  it('an order without a currency prints none, and one without a partner says so', async () => {
    await pixel({ debug: true }).purchase(MINIMAL);
    expect(infos()[0]).toBe('[partner-pixel] order UC-1: 10.00, no partner');
  });

  it('a failed attempt names the order, the attempt and the wait', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script('error', 'error');
    await pixel({ debug: true }).purchase(MINIMAL);
    expect(infos()).toContain('[partner-pixel] order UC-1 attempt 1 failed, retry in 2000 ms');
  });

  it('a purchase held for consent says so', async () => {
    void pixel({ debug: true, requireConsent: true }).purchase(MINIMAL);
    expect(infos()).toEqual(['[partner-pixel] held until consent']);
  });

  it('a page without partner parameters logs nothing at capture', () => {
    pixel({ debug: true }).capture('https://shop.example.com/?utm_source=x');
    expect(infos()).toEqual([]);
  });

  it('a duplicate (a reload) is a debug message, never a warning', async () => {
    const p = pixel({ debug: true });
    await p.purchase(MINIMAL);
    const result = await p.purchase(MINIMAL);
    expect(result).toMatchObject({ status: 'duplicate', reason: 'order UC-1 already sent' });
    expect(infos()).toContain('[partner-pixel] order UC-1 already sent');
    expect(warnings()).toEqual([]);
  });

  it('without debug mode, a duplicate prints nothing at all', async () => {
    const p = pixel();
    await p.purchase(MINIMAL);
    await p.purchase(MINIMAL);
    expect(infos()).toEqual([]);
    expect(warnings()).toEqual([]);
  });
});

describe('the image fallback ends with its answer', () => {
  it('an image that loaded is not cancelled when its timeout would have run out', async () => {
    net.script('error', 'load');
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(net.cancelled).toEqual([]);
    expect(net.requests).toHaveLength(2);
  });

  it('an image that failed is cancelled once and retried later, not at its timeout', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script('error', 'error');
    const result = await pixel({ timeoutMs: 1000 }).purchase(MINIMAL);
    expect(result.status).toBe('queued');
    expect(net.cancelled).toEqual([result.url]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(net.cancelled).toEqual([result.url]);
    expect(net.requests).toHaveLength(2);
  });
});
