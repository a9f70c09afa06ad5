// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/**
 * The npm API end to end inside a simulated page: capture -> cookie -> order -> pixel ->
 * ledger, with the transport faked at `Image` so every request is counted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readOrder } from '../../src/core/order';
import { parseQuery, toPayload } from '../../src/core/wire';
import { createPixel, type PurchaseResult } from '../../src/pixel';
import { waitingInStorage } from '../../src/browser/outbox';
import type { PixelOptions } from '../../src/options';
import { freshLandingPage, leavePage, settle, type FakeNetwork, type FakeStorage } from '../fixtures/browser';
import { MINIMAL, WIRE_EXAMPLE, withFields } from '../fixtures/orders';

const SUBDOMAIN = 'acme.ontraport.com';
const LANDING = 'https://shop.example.com/landing';
const NOW = new Date('2026-03-02T10:00:00Z');

let net: FakeNetwork;
let storage: FakeStorage;
let warn: ReturnType<typeof freshLandingPage>['warn'];

beforeEach(() => {
  ({ net, storage, warn } = freshLandingPage(LANDING, NOW));
});

afterEach(leavePage);

const pixel = (options: PixelOptions = {}) => createPixel({ subdomain: SUBDOMAIN, ...options });
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
const hasCookie = (name = 'pp_ref') => document.cookie.split('; ').some((c) => c.startsWith(name + '='));

/** Every write to document.cookie from here on, and to storage so far. */
function watchWrites() {
  return {
    cookie: vi.spyOn(document, 'cookie', 'set'),
    get storage() {
      return storage.writes;
    },
  };
}

describe('capture', () => {
  it('writes the referral from a partner link into the pp_ref cookie', () => {
    const p = pixel();
    expect(p.capture(`${LANDING}?orid=42&sid=spring&opid=7`)).toEqual({ orid: '42', sid: 'spring', opid: '7' });
    expect(hasCookie()).toBe(true);
    const seen = { orid: '42', sid: 'spring', opid: '7', t: NOW.getTime() / 1000 };
    expect(p.referral()).toEqual({ first: seen, last: seen });
  });

  it("reads the page's own URL by default", () => {
    history.replaceState(null, '', '/landing?utm_source=x&orid=480125');
    expect(pixel().capture()).toEqual({ orid: '480125' });
    expect(pixel().referral()?.last.orid).toBe('480125');
  });

  it('a second partner link updates last, never first', () => {
    const p = pixel();
    p.capture(`${LANDING}?orid=42`);
    vi.advanceTimersByTime(60_000);
    p.capture(`${LANDING}?orid=43&sid=b`);
    const record = p.referral();
    expect(record?.first).toEqual({ orid: '42', t: NOW.getTime() / 1000 });
    expect(record?.last).toEqual({ orid: '43', sid: 'b', t: NOW.getTime() / 1000 + 60 });
  });

  it.each([
    ['a non-numeric orid', '?orid=abc'],
    ['a huge orid', '?orid=2147483648'],
    ['markup', '?orid=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['no orid', '?sid=spring'],
  ])('stores nothing for %s', (_label, search) => {
    const writes = watchWrites();
    expect(pixel().capture(LANDING + search)).toBeUndefined();
    expect(writes.cookie).not.toHaveBeenCalled();
    expect(hasCookie()).toBe(false);
  });

  it('leaves an earlier referral alone when a later link is bad', () => {
    const p = pixel();
    p.capture(`${LANDING}?orid=42`);
    p.capture(`${LANDING}?orid=-1`);
    expect(p.referral()?.last.orid).toBe('42');
  });

  it('writes the cookie with Path=/, SameSite=Lax, Secure on https and the configured lifetime', () => {
    const writes = watchWrites();
    pixel({ cookieDays: 7, cookieDomain: '.example.com' }).capture(`${LANDING}?orid=42`);
    expect(writes.cookie).toHaveBeenCalledTimes(1);
    const written = String(writes.cookie.mock.calls[0][0]);
    const attributes = written.split(';').slice(1).map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(['path=/', 'samesite=lax', 'secure', 'domain=.example.com']),
    );
    const expires = attributes.find((a) => a.startsWith('expires='))!.slice('expires='.length);
    expect(new Date(expires).getTime()).toBe(NOW.getTime() + 7 * 864e5);
    document.cookie = 'pp_ref=; path=/; domain=.example.com; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('keeps the referral for 30 days by default', () => {
    const writes = watchWrites();
    pixel().capture(`${LANDING}?orid=42`);
    expect(String(writes.cookie.mock.calls[0][0])).toContain(
      'expires=' + new Date(NOW.getTime() + 30 * 864e5).toUTCString(),
    );
  });

  it.each([
    ['7.5', 7.5],
    ['-1', 30],
    ['soon', 30],
  ])('reads cookieDays given as text (%j, from an attribute) as %j days', (days, expected) => {
    const writes = watchWrites();
    pixel({ cookieDays: days as unknown as number }).capture(`${LANDING}?orid=42`);
    expect(String(writes.cookie.mock.calls[0][0])).toContain(
      'expires=' + new Date(NOW.getTime() + expected * 864e5).toUTCString(),
    );
  });

  it.each([
    ['garbage', 'hello'],
    ['markup', '<script>alert(1)</script>'],
    ['truncated', '1|42:::1767225600|43:'],
    ['foreign JSON', '{"orid":42}'],
    ['wrong version', '9|42:::1767225600|42:::1767225600'],
    ['a tampered orid', '1|42:::1767225600|99999999999:::1767225600'],
  ])('reads a %s cookie as no referral, removes it, and sends without a partner', async (_label, value) => {
    document.cookie = `pp_ref=${value}; path=/`;
    const p = pixel();
    expect(p.referral()).toBeUndefined();
    expect(hasCookie()).toBe(false);
    const result = await p.purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(query(net.requests[0])).not.toHaveProperty('orid');
  });

  it('a cookie that is not even valid percent-encoding reads as no referral and is replaced by the next link', () => {
    document.cookie = 'pp_ref=%E0%A4%A; path=/';
    const p = pixel();
    expect(p.referral()).toBeUndefined();
    p.capture(`${LANDING}?orid=43`);
    expect(p.referral()?.first.orid).toBe('43');
  });
});

describe('purchase', () => {
  it('sends exactly one pixel carrying the order and the referral, and says sent', async () => {
    const p = pixel();
    p.capture(`${LANDING}?orid=42&sid=spring`);
    const result = await p.purchase(WIRE_EXAMPLE);
    expect(net.requests).toHaveLength(1);
    expect(result).toEqual({ status: 'sent', url: net.requests[0] });
    const url = new URL(net.requests[0]);
    expect(url.origin + url.pathname).toBe('https://acme.ontraport.com/p');
    const read = readOrder(WIRE_EXAMPLE);
    if (!read.ok) throw new Error(read.reason);
    expect(parseQuery(url.search.slice(1))).toEqual({
      ok: true,
      payload: toPayload(read.order, { orid: '42', sid: 'spring' }),
    });
    expect(query(url.href)).toMatchObject({ order_id: 'UC-1001', email: 'buyer@example.com', orid: '42', sid: 'spring' });
  });

  it.each([
    ['last', '43'],
    ['first', '42'],
  ] as const)('credits the %s partner under attribution %s', async (attribution, orid) => {
    const p = pixel({ attribution });
    p.capture(`${LANDING}?orid=42`);
    p.capture(`${LANDING}?orid=43`);
    await p.purchase(MINIMAL);
    expect(query(net.requests[0]).orid).toBe(orid);
  });

  it("the order's own partner beats the cookie", async () => {
    const p = pixel();
    p.capture(`${LANDING}?orid=42`);
    await p.purchase(withFields(MINIMAL, { partner: { orid: '7', sid: '[CustomField2]' } }));
    expect(query(net.requests[0])).toMatchObject({ orid: '7' });
    expect(query(net.requests[0])).not.toHaveProperty('sid');
  });

  it('a second purchase of the same order id is a duplicate and sends nothing', async () => {
    const p = pixel();
    const first = await p.purchase(MINIMAL);
    const again = await p.purchase(MINIMAL);
    expect(again).toMatchObject({ status: 'duplicate', url: first.url });
    expect(net.requests).toHaveLength(1);
  });

  it('a reload (a new pixel on the same site) sends nothing new for the same order', async () => {
    await pixel().purchase(MINIMAL);
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
    expect((await pixel().purchase(withFields(MINIMAL, { orderId: 'UC-2' }))).status).toBe('sent');
    expect(net.requests).toHaveLength(2);
  });

  it('two tabs racing on the same receipt send one pixel', async () => {
    net.script('hang');
    void pixel().purchase(MINIMAL);
    const b = pixel().purchase(MINIMAL);
    expect((await b).status).toBe('duplicate');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(net.requests).toHaveLength(1);
  });

  it("mode 'api' sends no sale pixel and says why in the console", async () => {
    const writes = watchWrites();
    const result = await pixel({ mode: 'api' }).purchase(MINIMAL);
    expect(result).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/api/) });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/api/));
    expect(net.requests).toEqual([]);
    expect(writes.storage).toEqual([]);
  });

  it.each([
    ['no email', withFields(MINIMAL, { email: undefined }), /email/],
    ['a negative price', withFields(MINIMAL, { items: [{ id: 'A', price: '-1' }] }), /price/],
    ['a total that does not reconcile', withFields(WIRE_EXAMPLE, { total: '45.11' }), /total/],
  ])('refuses an order with %s, sending nothing', async (_label, order, reason) => {
    const result = await pixel().purchase(order);
    expect(result).toEqual({ status: 'invalid', reason: expect.stringMatching(reason) });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(reason));
    expect(net.requests).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['a foreign host', 'evil.com'],
    ['ONTRAPORT under a foreign host', 'acme.ontraport.com.evil.com'],
    ['a name without its domain', 'acme'],
    ['credentials', 'user@acme.ontraport.com'],
    ['an unlisted loopback host', 'localhost:8080'],
  ])('refuses a subdomain that is %s, sending nothing', async (_label, subdomain) => {
    const result = await createPixel({ subdomain }).purchase(MINIMAL);
    expect(result).toEqual({ status: 'invalid', reason: expect.stringMatching(/subdomain/) });
    expect(net.requests).toEqual([]);
  });

  it('reads a subdomain copied with its scheme and a slash as the host', async () => {
    const result = await createPixel({ subdomain: 'https://Acme.Ontraport.com/' }).purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(net.requests[0]).toMatch(/^https:\/\/acme\.ontraport\.com\/p\?/);
  });

  it.each(['API', 'Api', ' api '])('sends no sale pixel in mode %j', async (mode) => {
    const result = await createPixel({ subdomain: SUBDOMAIN, mode: mode as 'api' }).purchase(MINIMAL);
    expect(result.status).toBe('skipped');
    expect(net.requests).toEqual([]);
  });

  it('credits the first referral under attribution "First"', async () => {
    const p = createPixel({ subdomain: SUBDOMAIN, attribution: 'First' as 'first' });
    p.capture(`${LANDING}?orid=42`);
    p.capture(`${LANDING}?orid=43`);
    await p.purchase(MINIMAL);
    expect(query(net.requests[0]).orid).toBe('42');
  });

  it('sends the opt-in pixel: aff_only=1, order_id=0, the contact and the partner, once per email', async () => {
    const p = createPixel({ subdomain: SUBDOMAIN });
    p.capture(`${LANDING}?orid=42&sid=spring`);
    const result = await p.optin({ email: 'lead@example.com', firstName: 'Ada' });
    expect(result.status).toBe('sent');
    expect(query(net.requests[0])).toEqual({
      order_id: '0',
      aff_only: '1',
      email: 'lead@example.com',
      firstname: 'Ada',
      orid: '42',
      sid: 'spring',
    });
    expect((await p.optin({ email: 'lead@example.com' })).status).toBe('duplicate');
    expect(net.requests).toHaveLength(1);
  });

  it('refuses an opt-in without a valid email, naming the field and echoing the value', async () => {
    const result = await createPixel({ subdomain: SUBDOMAIN }).optin({ email: '[Email]' });
    expect(result).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/email "\[Email\]" is a receipt token/) });
    expect(net.requests).toEqual([]);
  });

  it('sends over plain http to a listed loopback host (the sandbox)', async () => {
    const result = await createPixel({ subdomain: 'localhost:8080', allowedHosts: ['localhost:8080'] }).purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(net.requests[0]).toMatch(/^http:\/\/localhost:8080\/p\?order_id=UC-1&/);
  });

  it("uses the merchant's key overrides", async () => {
    await pixel({ keys: { firstName: 'First_Name' } }).purchase(WIRE_EXAMPLE);
    expect(query(net.requests[0])).toMatchObject({ First_Name: 'Ada', lastname: 'Lovelace' });
  });
});

describe('delivery', () => {
  /** The ledger as stored, in the current format. */
  const stored = () => JSON.parse(localStorage.getItem('pp_outbox_v2') || 'null');

  it('sends one keepalive no-cors fetch, with cookies, and no image when it is answered', async () => {
    const result = await pixel().purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(net.transports).toEqual(['fetch']);
    expect(net.fetches).toEqual([[result.url, { keepalive: true, mode: 'no-cors', credentials: 'include' }]]);
  });

  it('a fetch that fails (a CSP without connect-src, a network error) falls back to an image at once', async () => {
    net.script('error');
    const result = await pixel().purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(net.transports).toEqual(['fetch', 'image']);
    expect(net.requests).toEqual([result.url, result.url]);
  });

  it('without fetch at all it sends an image', async () => {
    vi.stubGlobal('fetch', undefined);
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
    expect(net.transports).toEqual(['image']);
  });

  it('a failed delivery is queued, retried after a backoff, and delivered exactly once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script('error', 'error');
    const p = pixel();
    const result = await p.purchase(MINIMAL);
    expect(result).toMatchObject({ status: 'queued', url: net.requests[0] });
    expect(stored().queue).toEqual([{ id: 'UC-1', url: result.url, tries: 1, due: expect.any(Number) }]);
    // Not hammered: nothing within the shortest possible backoff.
    await vi.advanceTimersByTimeAsync(500);
    expect(net.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(net.transports).toEqual(['fetch', 'image', 'fetch']);
    expect(net.delivered).toEqual([result.url]);
    // Delivered now: nothing more, ever, and the order counts as sent.
    await vi.runAllTimersAsync();
    expect(net.requests).toHaveLength(3);
    expect(stored()).toEqual({ sent: ['UC-1'], queue: [], recent: [{ id: 'UC-1', url: expect.stringContaining('order_id=UC-1') }] });
    expect((await p.purchase(MINIMAL)).status).toBe('duplicate');
  });

  it('a slow answer is waited for, never sent again while the page waits (a repeat could double it)', async () => {
    net.script('hang');
    let result: PurchaseResult | undefined;
    void pixel({ timeoutMs: 5000 }).purchase(MINIMAL).then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(net.requests).toHaveLength(1);
    expect(result).toBeUndefined();
    // Another tab's flush leaves it alone too: the lease (3 timeouts) covers a slow answer.
    await pixel().flush();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(net.requests).toHaveLength(1);
  });

  it('an image fallback that never answers times out, is cancelled, and is retried', async () => {
    net.script('error', 'hang');
    const pending = pixel({ timeoutMs: 5000 }).purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(5000);
    expect((await pending).status).toBe('queued');
    // The hanging load is cancelled, or the browser would fold the retry of the same URL into it.
    expect(net.cancelled).toEqual([net.requests[1]]);
    await vi.runAllTimersAsync();
    expect(net.requests).toHaveLength(3);
    expect(net.delivered).toHaveLength(1);
  });

  it('retries are bounded by maxAttempts, then given up with a warning', async () => {
    net.script(...Array<'error'>(6).fill('error'));
    await pixel({ maxAttempts: 3 }).purchase(MINIMAL);
    await vi.runAllTimersAsync();
    // Each attempt: the fetch, then the image.
    expect(net.requests).toHaveLength(6);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/given up/));
    // Given up is neither waiting nor sent: a later view of the same receipt tries again.
    expect(stored()).toMatchObject({ sent: [], queue: [] });
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
  });

  it('backoff grows between attempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script(...Array<'error'>(6).fill('error'));
    await pixel().purchase(MINIMAL);
    const fetches = () => net.transports.filter((t) => t == 'fetch').length;
    const times: number[] = [Date.now()];
    for (let step = 0; fetches() < 4 && step < 50; step++) {
      const before = fetches();
      await vi.advanceTimersToNextTimerAsync();
      if (fetches() > before) times.push(Date.now());
    }
    expect(fetches()).toBe(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);
  });

  it('a pixel queued by an earlier page view is delivered by flush() on the next one', async () => {
    net.script('error', 'error');
    const earlier = pixel();
    expect((await earlier.purchase(MINIMAL)).status).toBe('queued');

    // The buyer comes back later; the earlier page's own retry timer never ran (tab closed).
    const next = pixel();
    await next.flush();
    expect(net.requests).toHaveLength(2); // its backoff has not run out yet
    vi.setSystemTime(NOW.getTime() + 60 * 60_000);
    await next.flush();
    expect(net.requests).toHaveLength(3);
    expect(net.delivered).toHaveLength(1);

    // Were the earlier page's timer to fire after all, it finds the order delivered.
    await vi.runAllTimersAsync();
    expect(net.requests).toHaveLength(3);
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
  });

  it('a page going with the fetch in flight hands it to the browser: delivered, never sent again by a later page', async () => {
    net.script('hang');
    void pixel().purchase(MINIMAL);
    await settle();
    dispatchEvent(new Event('pagehide'));
    expect(stored()).toEqual({ sent: ['UC-1'], queue: [], recent: [{ id: 'UC-1', url: expect.stringContaining('order_id=UC-1') }] });
    // A later page view, long after: nothing to send, and the order is taken.
    vi.setSystemTime(NOW.getTime() + 60 * 60_000);
    await pixel().flush();
    await vi.runAllTimersAsync();
    expect(net.requests).toHaveLength(1);
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
  });

  it('a fetch rejected after pagehide sends no image: Chromium rejects a keepalive fetch of an unloading page and still delivers it', async () => {
    let fail: (e: Error) => void = () => {};
    vi.stubGlobal('fetch', (url: string) => {
      net.transports.push('fetch');
      net.requests.push(url);
      return new Promise((_resolve, reject) => (fail = reject));
    });
    const pending = pixel().purchase(MINIMAL);
    await settle();
    dispatchEvent(new Event('pagehide'));
    fail(new TypeError('Failed to fetch'));
    expect((await pending).status).toBe('sent');
    // One request: an image now would reach the server as a second one.
    expect(net.transports).toEqual(['fetch']);
    // Taken, and nothing waiting: a later page view sends nothing.
    expect(stored()).toMatchObject({ sent: expect.arrayContaining(['UC-1']), queue: [] });
  });

  it("a closing tab whose pagehide write is lost: once the lease runs out a later page counts the order delivered and sends nothing", async () => {
    net.script('hang');
    void pixel().purchase(MINIMAL);
    await settle();
    // Firefox can drop the last write of a tab being closed: storage keeps the lease alone.
    const leased = localStorage.getItem('pp_outbox_v2')!;
    dispatchEvent(new Event('pagehide'));
    localStorage.setItem('pp_outbox_v2', leased);
    expect(stored().queue).toEqual([expect.objectContaining({ id: 'UC-1', tries: 1, inFlight: true })]);
    // A later receipt of the same site, after the lease (three timeouts) has run out.
    vi.setSystemTime(NOW.getTime() + 31_000);
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    await pixel({ debug: true }).flush();
    await vi.runAllTimersAsync();
    // The browser finished that keepalive fetch: a second request could be a second sale.
    expect(net.requests).toHaveLength(1);
    expect(stored()).toMatchObject({ sent: ['UC-1'], queue: [] });
    expect(info).toHaveBeenCalledWith("[partner-pixel] order UC-1: an earlier page's request, counted as delivered");
    expect((await pixel().purchase(MINIMAL)).status).toBe('duplicate');
  });

  it('while the lease of a pixel in flight runs, another page neither sends it again nor counts it delivered', async () => {
    net.script('hang');
    void pixel().purchase(MINIMAL);
    await settle();
    // Another tab of the same site, just inside the lease (three timeouts: 30 s).
    vi.setSystemTime(NOW.getTime() + 29_000);
    await pixel().flush();
    expect(net.requests).toHaveLength(1);
    expect(stored()).toMatchObject({ sent: [], queue: [expect.objectContaining({ id: 'UC-1', inFlight: true })] });
  });

  it('two pages waiting out the same backoff: the first to wake sends, the other leaves its lease alone', async () => {
    // The fetch and its image fail, so the order waits out a backoff; the retry hangs.
    net.script('error', 'error', 'hang');
    void pixel().purchase(MINIMAL);
    await settle();
    expect(stored().queue).toEqual([expect.objectContaining({ id: 'UC-1', tries: 1 })]);
    // Another tab finds it waiting and sets its own timer for the same moment.
    await pixel().flush();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(net.transports).toEqual(['fetch', 'image', 'fetch']);
    expect(stored()).toMatchObject({ sent: [], queue: [expect.objectContaining({ id: 'UC-1', tries: 2, inFlight: true })] });
  });

  it('an image fallback cut off by the page going is sent again by a later page once the lease runs out', async () => {
    net.script('error', 'hang');
    void pixel().purchase(MINIMAL);
    await settle();
    dispatchEvent(new Event('pagehide'));
    // No keepalive fetch carries it: the image may never have left.
    expect(stored().queue).toEqual([expect.not.objectContaining({ inFlight: true })]);
    vi.setSystemTime(NOW.getTime() + 31_000);
    await pixel().flush();
    expect(net.transports).toEqual(['fetch', 'image', 'fetch']);
    expect(net.delivered).toHaveLength(1);
    expect(stored()).toMatchObject({ sent: ['UC-1'], queue: [] });
  });

  it('a pagehide once the fetch has failed hands nothing over: the image in flight may be cut off', async () => {
    net.script('error', 'hang');
    void pixel().purchase(MINIMAL);
    await settle();
    dispatchEvent(new Event('pagehide'));
    expect(stored()).toMatchObject({ sent: [], queue: [expect.objectContaining({ id: 'UC-1' })] });
  });

  it('a pagehide after the answer changes nothing for a later order', async () => {
    const p = pixel();
    await p.purchase(MINIMAL);
    net.script('error', 'error');
    await p.purchase(withFields(MINIMAL, { orderId: 'UC-2' }));
    dispatchEvent(new Event('pagehide'));
    expect(stored()).toMatchObject({ sent: ['UC-1'], queue: [expect.objectContaining({ id: 'UC-2' })] });
  });

  it('with localStorage throwing it still sends once, without an exception', async () => {
    storage.fault = 'denied';
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const p = pixel({ debug: true });
    expect((await p.purchase(MINIMAL)).status).toBe('sent');
    expect((await p.purchase(MINIMAL)).status).toBe('duplicate');
    expect(net.requests).toHaveLength(1);
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/storage/));
  });

  it('with localStorage throwing, a failed pixel is not retried (send once now)', async () => {
    storage.fault = 'denied';
    net.script('error', 'error');
    const result = await pixel().purchase(MINIMAL);
    await vi.runAllTimersAsync();
    expect(net.requests).toHaveLength(2);
    // Said plainly: nothing will retry it.
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringMatching(/storage/) });
  });

  // The quota check is the first real write: from then on the page's copy is the ledger.
  it('with localStorage full (quota exceeded) it still sends once', async () => {
    storage.fault = 'full';
    const p = pixel();
    const result = await p.purchase(MINIMAL);
    expect(net.requests).toHaveLength(1);
    expect(result.status).toBe('sent');
  });

  it('with cookies blocked (writes ignored) it still sends, without a partner', async () => {
    vi.spyOn(document, 'cookie', 'set').mockImplementation(() => {});
    const p = pixel();
    p.capture(`${LANDING}?orid=42`);
    expect((await p.purchase(MINIMAL)).status).toBe('sent');
    expect(query(net.requests[0])).not.toHaveProperty('orid');
  });
});

describe('the ledger', () => {
  /** A ledger of the first format (`pp_px`, one-letter fields), as an older tag left it. */
  const v1 = (ledger: unknown) => localStorage.setItem('pp_px', JSON.stringify(ledger));

  it('a pixel still waiting in the old pp_px format is delivered, not dropped, and the old key goes', async () => {
    v1({ d: ['OLD-1'], q: [{ i: 'UC-1', u: 'https://acme.ontraport.com/p?order_id=UC-1', n: 1, l: 0 }] });
    await pixel().flush();
    expect(net.requests).toEqual(['https://acme.ontraport.com/p?order_id=UC-1']);
    expect(JSON.parse(localStorage.getItem('pp_outbox_v2')!)).toEqual({ sent: ['OLD-1', 'UC-1'], queue: [], recent: [{ id: 'UC-1', url: expect.stringContaining('order_id=UC-1') }] });
    expect(localStorage.getItem('pp_px')).toBeNull();
  });

  it.each([
    ['a pixel waiting in pp_outbox_v2', { pp_outbox_v2: { sent: [], queue: [{ id: 'UC-1', url: 'u', tries: 1, due: 0 }] } }, true],
    ['nothing waiting in pp_outbox_v2', { pp_outbox_v2: { sent: ['UC-1'], queue: [] } }, false],
    ['a pixel waiting in the old pp_px alone', { pp_px: { d: [], q: [{ i: 'UC-1', u: 'u', n: 1, l: 0 }] } }, true],
    ['an old pp_px pixel beside a new ledger (the receipt tag reads only the new one)', { pp_outbox_v2: { sent: [], queue: [] }, pp_px: { d: [], q: [{ i: 'UC-1', u: 'u', n: 1, l: 0 }] } }, false],
    ['no ledger at all', {}, false],
  ])('the page tag hands over to the receipt tag (waitingInStorage) as the receipt tag reads the ledger: %s', (_label, stored, waiting) => {
    for (const [key, value] of Object.entries(stored)) localStorage.setItem(key, JSON.stringify(value));
    expect(waitingInStorage()).toBe(waiting);
  });

  it('an old pixel under its lease waits for it, and old delivered ids stay duplicates', async () => {
    v1({ d: ['UC-1'], q: [{ i: 'UC-2', u: 'https://acme.ontraport.com/p?order_id=UC-2', n: 1, l: NOW.getTime() + 60_000 }] });
    const p = pixel();
    await p.flush();
    expect(net.requests).toEqual([]);
    expect((await p.purchase(MINIMAL)).status).toBe('duplicate');
    await vi.advanceTimersByTimeAsync(61_000);
    expect(net.requests).toEqual(['https://acme.ontraport.com/p?order_id=UC-2']);
  });

  it.each([
    ['not JSON', '{oops'],
    ['a foreign object', '{"orders":[1]}'],
    ['a null pixel', '{"d":[],"q":[null]}'],
    ['a pixel without a URL', '{"d":[],"q":[{"i":"UC-1","n":0,"l":0}]}'],
    ['a negative attempt count', '{"d":[],"q":[{"i":"UC-1","u":"https://acme.ontraport.com/p","n":-1,"l":0}]}'],
  ])('an old ledger that is %s reads as empty, and storage stays in use', async (_label, text) => {
    localStorage.setItem('pp_px', text);
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
    expect(net.requests).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem('pp_outbox_v2')!)).toEqual({ sent: ['UC-1'], queue: [], recent: [{ id: 'UC-1', url: expect.stringContaining('order_id=UC-1') }] });
  });

  it.each([
    ['not JSON', '{oops'],
    ['a foreign object', '{"d":[],"q":[]}'],
    ['a pixel without an order id', '{"sent":[],"queue":[{"url":"https://acme.ontraport.com/p","tries":0,"due":0}]}'],
    ['a negative lease', '{"sent":[],"queue":[{"id":"X","url":"https://acme.ontraport.com/p","tries":0,"due":-1}]}'],
  ])('a ledger that is %s is replaced, not trusted', async (_label, text) => {
    localStorage.setItem('pp_outbox_v2', text);
    await pixel().flush();
    expect(net.requests).toEqual([]);
    expect((await pixel().purchase(MINIMAL)).status).toBe('sent');
  });

  it('keeps the newest 200 delivered ids and at most 20 waiting pixels, saying so', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const queue = Array.from({ length: 20 }, (_, i) => ({ id: `Q-${i}`, url: 'https://acme.ontraport.com/p', tries: 1, due: NOW.getTime() + 9e5 }));
    localStorage.setItem('pp_outbox_v2', JSON.stringify({ sent: Array.from({ length: 200 }, (_, i) => `S-${i}`), queue }));
    net.script('error', 'error');
    await pixel({ debug: true }).purchase(MINIMAL);
    const l = JSON.parse(localStorage.getItem('pp_outbox_v2')!);
    expect(l.sent).toHaveLength(200);
    expect(l.queue).toHaveLength(20);
    expect(l.queue.at(-1).id).toBe('UC-1');
    expect(l.queue[0].id).toBe('Q-1');
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/outbox full/));
    await vi.advanceTimersByTimeAsync(0);
    net.script();
    await pixel().purchase(withFields(MINIMAL, { orderId: 'UC-2' }));
    const after = JSON.parse(localStorage.getItem('pp_outbox_v2')!);
    expect(after.sent).toHaveLength(200);
    expect(after.sent[0]).toBe('S-1');
  });
});

describe('consent', () => {
  it('requireConsent: nothing written or sent before consent(true), then both', async () => {
    const writes = watchWrites();
    const p = pixel({ requireConsent: true });
    p.capture(`${LANDING}?orid=42`);
    let result: PurchaseResult | undefined;
    const pending = p.purchase(MINIMAL).then((r) => (result = r));
    await p.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(result).toBeUndefined();
    expect(net.requests).toEqual([]);
    expect(writes.cookie).not.toHaveBeenCalled();
    expect(writes.storage).toEqual([]);
    expect(document.cookie).toBe('');
    expect(storage.length).toBe(0);

    p.consent(true);
    await pending;
    expect(result?.status).toBe('sent');
    expect(net.requests).toHaveLength(1);
    expect(query(net.requests[0]).orid).toBe('42');
    expect(p.referral()?.last.orid).toBe('42');
  });

  it('consent(false) keeps everything held and removes a stored referral', async () => {
    const p = pixel({ requireConsent: true });
    p.consent(true);
    p.capture(`${LANDING}?orid=42`);
    expect(hasCookie()).toBe(true);
    p.consent(false);
    expect(hasCookie()).toBe(false);
    p.capture(`${LANDING}?orid=43`);
    void p.purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hasCookie()).toBe(false);
    expect(net.requests).toEqual([]);
  });

  describe('Global Privacy Control', () => {
    const setGpc = (value: boolean) =>
      Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true });
    afterEach(() => {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    });

    it('respectGpc with the signal on: nothing is ever written or sent, even after consent', async () => {
      setGpc(true);
      const writes = watchWrites();
      const p = pixel({ respectGpc: true, requireConsent: true });
      p.capture(`${LANDING}?orid=42`);
      expect(await p.purchase(MINIMAL)).toMatchObject({ status: 'skipped' });
      p.consent(true);
      await p.flush();
      await vi.runAllTimersAsync();
      expect(net.requests).toEqual([]);
      expect(writes.cookie).not.toHaveBeenCalled();
      expect(writes.storage).toEqual([]);
    });

    it.each([
      ['the signal is off', false, { respectGpc: true }],
      ['respectGpc is not set', true, {}],
    ])('sends as usual when %s', async (_label, signal, options) => {
      setGpc(signal);
      expect((await pixel(options).purchase(MINIMAL)).status).toBe('sent');
    });
  });
});

describe('the host page never sees an exception', () => {
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('hostile getter');
      },
    },
  );

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'UC-1'],
    ['a number', 42],
    ['items not a list', { orderId: 'A', email: 'a@b.co', items: 'x' }],
    ['a null-prototype object', Object.create(null)],
    ['a bigint price', withFields(MINIMAL, { items: [{ id: 'A', price: 2n }] })],
    ['a proxy whose getters throw', hostile],
  ])('purchase(%s) resolves as invalid and sends nothing', async (_label, order) => {
    const result = await pixel().purchase(order);
    expect(result.status).toBe('invalid');
    expect(result.reason).toBeTruthy();
    expect(net.requests).toEqual([]);
  });

  const garbage: unknown[] = ['::::', 'http://[', '', '?orid=%E0%A4%A', Symbol('x'), 42, {}, null, hostile];

  it.each(garbage.map((g) => [String(typeof g == 'symbol' ? 'Symbol' : g === hostile ? 'a hostile proxy' : JSON.stringify(g)), g]))(
    'capture(%s) does not throw',
    (_label, value) => {
      expect(() => pixel().capture(value as string)).not.toThrow();
    },
  );

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['undefined', undefined],
    ['a hostile proxy', hostile],
  ])('consent(%s), referral() and flush() do not throw', async (_label, value) => {
    const p = pixel({ requireConsent: true });
    expect(() => p.consent(value as boolean)).not.toThrow();
    expect(() => p.referral()).not.toThrow();
    await expect(p.flush()).resolves.toBeUndefined();
  });

  it('flush() neither rejects nor throws when the platform throws under it (a setTimeout that throws): it warns instead', async () => {
    // A pixel leased by another tab: flush() schedules its retry with setTimeout.
    localStorage.setItem('pp_outbox_v2', JSON.stringify({ sent: [], queue: [{ id: 'UC-9', url: 'https://acme.ontraport.com/p?order_id=UC-9', tries: 1, due: NOW.getTime() + 5_000 }] }));
    vi.stubGlobal('setTimeout', () => {
      throw new Error('timers disabled');
    });
    await expect(pixel().flush()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('[partner-pixel] Error: timers disabled');
  });

  it('garbage options still give an object whose methods do not throw', async () => {
    const p = createPixel({
      subdomain: 42 as unknown as string,
      mode: 'nonsense' as 'api',
      attribution: 'middle' as 'last',
      cookieDays: -3,
      timeoutMs: -1,
      maxAttempts: 0,
      keys: { orderId: '' },
    });
    expect(() => p.capture(`${LANDING}?orid=42`)).not.toThrow();
    expect(() => p.referral()).not.toThrow();
    expect((await p.purchase(MINIMAL)).status).toBe('invalid');
    await expect(p.flush()).resolves.toBeUndefined();
  });

  it('a document.cookie that throws (sandboxed frame) does not throw into the page', async () => {
    vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
      throw new DOMException('sandboxed', 'SecurityError');
    });
    vi.spyOn(document, 'cookie', 'set').mockImplementation(() => {
      throw new DOMException('sandboxed', 'SecurityError');
    });
    const p = pixel();
    expect(() => p.capture(`${LANDING}?orid=42`)).not.toThrow();
    expect(() => p.referral()).not.toThrow();
    await expect(p.purchase(MINIMAL)).resolves.toHaveProperty('status');
  });
});
