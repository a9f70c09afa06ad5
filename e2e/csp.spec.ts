/**
 * Strict Content-Security-Policy: the script tag on a receipt served with a strict
 * policy (script from the page's own origin, the order in the JSON block, no inline script)
 * delivers its pixel with no violation, so it needs no eval and injects no inline code. The
 * same without `connect-src` shows what the pixel's keepalive fetch needs: refused once, the
 * image fallback delivers.
 *
 * Violations are collected in the page (`securitypolicyviolation`, via an init script, which
 * CSP does not govern) and, for those raised while a page is going away, by the policy's
 * `report-uri` on the same server: the report directive observes, it allows nothing.
 */
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import type { Browser, Page } from '@playwright/test';
import { pixelScriptPath } from '@partner-pixel/harness';
import { expect, HOSTS, SCRIPT_FILES, test, type HarnessServer } from '@partner-pixel/harness/playwright';
import { html, order, orderBlock, outcomes, scriptTag, serve, STORE, tapPixelEndpoint } from './support/site.js';
import { recordTable } from './support/tables.js';

/** The policy a merchant needs for the receipt tag's keepalive fetch (docs/guarantees.md). */
const POLICY = `default-src 'self'; img-src 'self' https://${HOSTS.ontraport}; connect-src https://${HOSTS.ontraport}`;
/** The same without connect-src: the fetch is refused, the image fallback gets through. */
const IMAGE_ONLY = `default-src 'self'; img-src 'self' https://${HOSTS.ontraport}`;

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects CSP violation reports the browser posts to the store host. */
function collectReports(server: HarnessServer): Violation[] {
  const reports: Violation[] = [];
  server.use(
    http.post(`${STORE}/csp-report`, async ({ request }) => {
      const body = (await request.json().catch(() => ({}))) as { 'csp-report'?: Record<string, string> };
      const r = body['csp-report'] ?? {};
      reports.push({ directive: r['effective-directive'] ?? r['violated-directive'] ?? '?', blocked: r['blocked-uri'] ?? '?' });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return reports;
}

/** A buyer's tab that records violations and console errors as they happen. */
async function tab(browser: Browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: { directive: string; blocked: string }[] };
    w.__violations = [];
    addEventListener('securitypolicyviolation', (e) => w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  return { context, page, errors };
}

const violationsIn = (page: Page) => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

/** Serves a receipt and an empty next page, both under `policy`. */
function receiptUnder(server: HarnessServer, policy: string, orderId: string) {
  const headers = { 'Content-Security-Policy': `${policy}; report-uri /csp-report` };
  return {
    receipt: serve(server, `/receipt-${orderId}`, html(orderBlock(order(orderId)) + scriptTag(), 'Receipt'), headers),
  };
}

const findings: string[][] = [];
test.afterAll(() => {
  if (findings.length)
    recordTable({ title: 'CSP findings (Chromium)', head: ['policy', 'case', 'pixel', 'violations'], rows: findings });
});

test.describe.configure({ mode: 'serial' });

// The pixel is a keepalive fetch (connect-src); without connect-src the browser refuses it,
// once, and the library falls back to an image (img-src): recorded, with one violation.
for (const [label, policy, refused] of [
  ['with connect-src: pixel recorded, no violation', POLICY, false],
  ['without connect-src: the fetch is refused once, the image fallback is recorded', IMAGE_ONLY, true],
] as const)
  test(`receipt under a strict policy ${label}`, async ({ browser, server, account }) => {
    const reports = collectReports(server);
    const { receipt } = receiptUnder(server, policy, 'CSP-1');
    const { context, page, errors } = await tab(browser);
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase('CSP-1');
    // The page stays: anything the library did on it has had its chance to be refused.
    const expected = refused ? [{ directive: 'connect-src', blocked: expect.stringContaining(`https://${HOSTS.ontraport}/p`) }] : [];
    await expect.poll(() => violationsIn(page)).toEqual(expected);
    // The refusal is the browser's console error, not an exception in the page.
    expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
    await expect.poll(() => reports.map((r) => r.directive)).toEqual(refused ? ['connect-src'] : []);
    expect(outcomes(account, 'CSP-1').recorded).toBe(1);
    findings.push([policy, 'receipt, buyer stays', `recorded (${outcomes(account, 'CSP-1').sent} request)`, refused ? 'connect-src (the fetch), then the image' : 'none']);
    await context.close();
  });

// A page going while the pixel is in flight sends nothing more: with connect-src the fetch
// is handed to the browser; without it the image fallback is in flight and no rescue follows.
for (const [label, policy, viaFetch] of [
  ['with connect-src, the fetch is handed over', POLICY, true],
  ['without connect-src, the image is in flight', IMAGE_ONLY, false],
] as const)
  test(`pagehide while the pixel is in flight: ${label}, no second request`, async ({ browser, server, account }) => {
    const arrivals = tapPixelEndpoint(server);
    collectReports(server);
    const { receipt } = receiptUnder(server, policy, 'CSP-2');
    const { context, page, errors } = await tab(browser);
    // The answer is slow, so the request is still in flight at pagehide.
    account.faults.delay(1500);
    await page.goto(receipt, { waitUntil: 'commit' });
    await expect.poll(() => arrivals.length).toBe(1);
    expect(arrivals[0].dest).toBe(viaFetch ? 'empty' : 'image');
    // The library's pagehide handler runs while the page stays to be inspected.
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    await expect(account).toHaveRecordedPurchase('CSP-2');
    // A hit still being delayed reads 'recorded' in the harness until answered: poll.
    await expect.poll(() => outcomes(account, 'CSP-2').recorded).toBe(1);
    expect(arrivals, 'one request, no rescue').toHaveLength(1);
    expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
    findings.push([
      policy,
      'pagehide, pixel in flight',
      `recorded; one request (${viaFetch ? 'fetch' : 'image'})`,
      (await violationsIn(page)).map((v) => `${v.directive} ${v.blocked.replace(/\?.*/, '?...')}`).join(', ') || 'none',
    ]);
    account.faults.reset();
    await context.close();
  });

test('no tag build has eval or string-compiled code', () => {
  // The runtime proof is above (no 'unsafe-eval', no violation); this covers paths not run.
  for (const file of Object.values(SCRIPT_FILES)) {
    const source = readFileSync(pixelScriptPath(file), 'utf8');
    expect(source).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(|set(?:Timeout|Interval)\s*\(\s*["'`]/);
  }
});
