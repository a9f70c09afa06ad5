// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The debug build's install report (docs/tags.md): one console group per page, once the page's
 * own purchases are settled, with the tag and version, the configuration as understood and a
 * warning per option it could not read, the referral held, whether an order block stands on
 * the page, and each pixel with its outcome, its URL and its query decoded key by key. A page
 * that sent nothing says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HELD_LINE, reporting, waitingLine } from '../../src/browser/report';
import { createPixel } from '../../src/pixel';
import type { PixelOptions } from '../../src/options';
import { clearCookies, fakeNetwork, fakeStorage, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';

let info: ReturnType<typeof vi.spyOn>;
let warn: ReturnType<typeof vi.spyOn>;
let group: ReturnType<typeof vi.spyOn>;
let table: ReturnType<typeof vi.spyOn>;
let groupEnd: ReturnType<typeof vi.spyOn>;
let net: FakeNetwork;

const OPTIONS: PixelOptions = { subdomain: 'acme.ontraport.com' };
const lines = (): string[] => info.mock.calls.map((c: unknown[]) => String(c[0]));
const report = (options: PixelOptions = OPTIONS) => reporting(createPixel(options), options);

function scriptTag(attributes: Record<string, string>): void {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.setAttribute('async', '');
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
}

beforeEach(() => {
  vi.useFakeTimers();
  clearCookies();
  net = fakeNetwork();
  fakeStorage();
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  group = vi.spyOn(console, 'group').mockImplementation(() => {});
  groupEnd = vi.spyOn(console, 'groupEnd').mockImplementation(() => {});
  table = vi.spyOn(console, 'table').mockImplementation(() => {});
});

afterEach(() => {
  document.getElementById('partner-pixel-order')?.remove();
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
  vi.useRealTimers();
});

describe('install report', () => {
  it('a page with nothing to do still gets its report: tag, configuration, no referral, no order block', async () => {
    report();
    expect(group).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(1);
    expect(group).toHaveBeenCalledWith('[partner-pixel] install report: npm tag 0.0.0-dev on shop.example.com');
    expect(info).toHaveBeenCalledWith('configuration as understood:', { subdomain: 'https://acme.ontraport.com' });
    expect(lines()).toEqual([
      'configuration as understood:',
      'referral held: none',
      'order block #partner-pixel-order: none on this page',
      'nothing sent from this page',
    ]);
    expect(info).toHaveBeenCalledWith('referral held: none', '');
    expect(warn).not.toHaveBeenCalled();
    expect(groupEnd).toHaveBeenCalledTimes(1);
  });

  it('lists each pixel still waiting in this browser, with what happens to it next', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    net.script('error', 'error');
    const pixel = report();
    expect((await pixel.purchase(MINIMAL)).status).toBe('queued');
    await vi.advanceTimersByTimeAsync(0);
    // The fetch and its image failed: the retry waits out a 2 s backoff.
    expect(lines()).toContain("waiting: UC-1, 1 attempt failed, next in 2 s (on this page while it stays, else on this site's next page view)");
  });

  it('a pixel an earlier page left in flight is named as such, with the time left on its lease', async () => {
    const now = Date.now();
    localStorage.setItem(
      'pp_outbox_v2',
      JSON.stringify({ sent: [], queue: [{ id: 'UC-9', url: 'https://acme.ontraport.com/p?order_id=UC-9', tries: 1, due: now + 20_000, inFlight: true }] }),
    );
    report();
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toContain('waiting: UC-9, 1 attempt, the last one in flight: it counts as delivered unless an outcome is written within 20 s');
  });

  it('names the tag that loaded the debug build, from data-tag', async () => {
    scriptTag({ 'data-tag': 'receipt', 'data-subdomain': 'acme.ontraport.com' });
    report();
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledWith('[partner-pixel] install report: receipt tag 0.0.0-dev on shop.example.com');
  });

  it('warns once per option it could not read, misspelled attributes included', async () => {
    scriptTag({ 'data-subdomian': 'acme.ontraport.com', 'data-mode': 'pixels' });
    report({ subdomain: 'acme', mode: 'pixels' as never });
    await vi.advanceTimersByTimeAsync(0);
    const warnings = warn.mock.calls.map((c: unknown[]) => String(c[0]));
    expect(warnings).toEqual([
      '[partner-pixel] data-mode "pixels" read as pixel; accepted: pixel, api',
      expect.stringMatching(/^\[partner-pixel\] data-subdomian is not an option: did you mean data-subdomain\?/),
      expect.stringMatching(/^\[partner-pixel\] data-subdomain "acme" is a name without its domain.*: no sale pixel can be sent$/),
    ]);
  });

  it('warns of a cookie domain this page is not on, checked against the page it runs on', async () => {
    report({ ...OPTIONS, cookieDomain: '.merchant.com' });
    await vi.advanceTimersByTimeAsync(0);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[partner-pixel\] data-cookie-domain "\.merchant\.com" is not this page's host \(shop\.example\.com\)/));
  });

  it('shows the referral held, first and last', async () => {
    const pixel = createPixel(OPTIONS);
    pixel.capture('https://shop.example.com/?orid=7');
    pixel.capture('https://shop.example.com/?orid=42');
    reporting(pixel, OPTIONS);
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toContain('referral held: first orid 7, last orid 42');
    expect(info).toHaveBeenCalledWith('referral held: first orid 7, last orid 42', pixel.referral());
  });

  it('waits for the purchase to settle, then prints its outcome, URL and decoded query', async () => {
    const block = Object.assign(document.createElement('script'), { id: 'partner-pixel-order' });
    document.body.append(block);
    const pixel = report();
    const result = await pixel.purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(result.status).toBe('sent');
    expect(lines()).toEqual([
      'configuration as understood:',
      'referral held: none',
      'order block #partner-pixel-order: found',
      'purchase: sent',
      result.url,
    ]);
    expect(table).toHaveBeenCalledWith(expect.objectContaining({ order_id: 'UC-1', email: 'b@example.com', item_price_1: '10.00' }));
  });

  it('a refused order shows its reason; a duplicate shows the pixel as sent then; an opt-in is named', async () => {
    const pixel = report();
    const sent = await pixel.purchase(MINIMAL);
    await pixel.purchase(MINIMAL);
    await pixel.purchase({ ...MINIMAL, email: 'nobody' });
    await pixel.optin({ email: 'lead@example.com' });
    await vi.advanceTimersByTimeAsync(0);
    const printed = lines();
    expect(printed).toContain('purchase: duplicate (order UC-1 already sent)');
    expect(printed).toContain('already sent from this browser; the pixel as sent then:');
    expect(printed.filter((l) => l.startsWith('already sent'))).toHaveLength(1);
    expect(printed.filter((l) => l == sent.url)).toHaveLength(2);
    expect(printed).toContain('purchase: invalid (order refused: email "nobody" is not an email address)');
    expect(printed).toContain('optin: sent');
    // Three pixels with a URL (sent, duplicate, opt-in), each decoded; the refusal has none.
    expect(table).toHaveBeenCalledTimes(3);
  });

  it('on a receipt already sent, shows the URL sent then, not the one the page would build now', async () => {
    const first = createPixel(OPTIONS);
    const sent = await first.purchase(MINIMAL);
    // The buyer has since followed another partner's link: a rebuilt pixel would credit 99.
    first.capture('https://shop.example.com/?orid=99');
    const pixel = report();
    const again = await pixel.purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(again.status).toBe('duplicate');
    expect(again.url).toContain('orid=99');
    expect(lines()).toContain('already sent from this browser; the pixel as sent then:');
    expect(lines()).toContain(sent.url);
    expect(lines()).not.toContain(again.url);
    expect(table).toHaveBeenCalledWith(Object.fromEntries(new URL(sent.url!).searchParams));
  });

  it('an opt-in already sent is found by its email', async () => {
    const lead = await createPixel(OPTIONS).optin({ email: 'lead@example.com' });
    await report().optin({ email: 'lead@example.com' });
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toContain('optin: duplicate (optin:lead@example.com already sent)');
    expect(lines()).toContain('already sent from this browser; the pixel as sent then:');
    expect(lines()).toContain(lead.url);
  });

  it('a pixel older than the last three delivered shows the rebuilt URL, and says so', async () => {
    const first = createPixel(OPTIONS);
    const lead = await first.optin({ email: 'lead@example.com' });
    for (const id of ['UC-1', 'UC-2', 'UC-3', 'UC-4']) await first.purchase({ ...MINIMAL, orderId: id });
    const pixel = report();
    await pixel.purchase(MINIMAL);
    await pixel.optin({ email: 'lead@example.com' });
    await pixel.purchase({ ...MINIMAL, orderId: 'UC-4' });
    await vi.advanceTimersByTimeAsync(0);
    const printed = lines();
    // UC-1 and the opt-in are older than the last three delivered (UC-2..UC-4).
    expect(printed.filter((l) => /no longer kept \(the ledger keeps the last 3\); the pixel as rebuilt now:$/.test(l))).toHaveLength(2);
    expect(printed.filter((l) => l == 'already sent from this browser; the pixel as sent then:')).toHaveLength(1);
    expect(lead.status).toBe('sent');
    expect(JSON.parse(localStorage.getItem('pp_outbox_v2')!).recent.map((p: { id: string }) => p.id)).toEqual(['UC-2', 'UC-3', 'UC-4']);
  });

  it('a purchase held for consent is reported as held, not waited for; consent brings a second report with its outcome', async () => {
    const pixel = report({ ...OPTIONS, requireConsent: true });
    const result = pixel.purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(1);
    expect(lines()).toContain(`purchase: ${HELD_LINE}`);
    expect(HELD_LINE).toMatch(/^held until consent: nothing sent yet \(partnerPixel\('consent', true\) sends it/);
    expect(net.requests).toHaveLength(0);
    info.mockClear();
    // A banner that reports consent twice still brings one more report, not two.
    pixel.consent(true);
    pixel.consent(true);
    expect((await result).status).toBe('sent');
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(2);
    expect(lines()).toContain('purchase: sent');
    expect(lines()).not.toContain(`purchase: ${HELD_LINE}`);
    // Nothing is held any more: consent given again brings no third report.
    pixel.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(2);
  });

  it('consent withdrawn after one sale: the report shows that one sent and the next held, and reports again once consent returns', async () => {
    const pixel = report({ ...OPTIONS, requireConsent: true });
    pixel.consent(true);
    expect((await pixel.purchase(MINIMAL)).status).toBe('sent');
    pixel.consent(false);
    void pixel.purchase({ ...MINIMAL, orderId: 'UC-2' });
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toEqual(expect.arrayContaining(['purchase: sent', `purchase: ${HELD_LINE}`]));
    pixel.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(2);
  });

  it('consent given before the report is waited for as usual, and prints one report', async () => {
    const pixel = report({ ...OPTIONS, requireConsent: true });
    const result = pixel.purchase(MINIMAL);
    pixel.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect((await result).status).toBe('sent');
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(1);
    expect(lines()).toContain('purchase: sent');
  });

  it('under Global Privacy Control the skipped purchase is reported with its reason, not as held', async () => {
    vi.stubGlobal('navigator', { ...navigator, globalPrivacyControl: true });
    const pixel = report({ ...OPTIONS, requireConsent: true, respectGpc: true });
    void pixel.purchase(MINIMAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toContain('purchase: skipped (Global Privacy Control)');
    pixel.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(1);
  });

  it('prints once, after DOMContentLoaded when the page is still loading', async () => {
    const state = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    report();
    await vi.advanceTimersByTimeAsync(0);
    expect(group).not.toHaveBeenCalled();
    state.mockRestore();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await vi.advanceTimersByTimeAsync(0);
    expect(group).toHaveBeenCalledTimes(1);
  });
});

describe('waitingLine', () => {
  const entry = { id: 'UC-1', url: 'https://acme.ontraport.com/p?order_id=UC-1', tries: 2, due: 10_000 };
  it('a claim not tried yet, a retry already due, and a lease run out', () => {
    expect(waitingLine({ ...entry, tries: 0, due: 0 }, 5_000)).toBe('waiting: UC-1, not tried yet');
    expect(waitingLine(entry, 12_000)).toBe("waiting: UC-1, 2 attempts failed, next now (on this page while it stays, else on this site's next page view)");
    expect(waitingLine({ ...entry, inFlight: true }, 12_000)).toBe(
      'waiting: UC-1, 2 attempts, the last one in flight: it counts as delivered unless an outcome is written within 0 s',
    );
  });
});
