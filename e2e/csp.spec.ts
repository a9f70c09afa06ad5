/**
 * Strict Content-Security-Policy: the script tag on a receipt served with a strict
 * policy (script from the page's own origin, the order in the JSON block, no inline script)
 * delivers its pixel with no violation, so it needs no eval and injects no inline code. The
 * same without `connect-src` shows what the pagehide rescue (a keepalive fetch) needs.
 *
 * Violations are collected in the page (`securitypolicyviolation`, via an init script, which
 * CSP does not govern) and, for those raised while a page is going away, by the policy's
 * `report-uri` on the same server: the report directive observes, it allows nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { http, HttpResponse } from 'msw';
import type { Browser, Page } from '@playwright/test';
import { expect, HOSTS, test, type HarnessServer } from '@partner-pixel/harness/playwright';
import { html, order, orderBlock, outcomes, scriptTag, serve, STORE, tapPixelEndpoint } from './support/site.js';
import { recordTable } from './support/tables.js';

/** The policy a merchant needs for the script tag with its rescue (docs/guarantees.md). */
const POLICY = `default-src 'self'; img-src 'self' https://${HOSTS.ontraport}; connect-src https://${HOSTS.ontraport}`;
/** The same without connect-src: the image gets through, the pagehide rescue does not. */
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

for (const [label, policy] of [
  ['with connect-src', POLICY],
  ['without connect-src', IMAGE_ONLY],
] as const)
  test(`receipt under a strict policy ${label}: pixel recorded, no violation`, async ({ browser, server, account }) => {
    const reports = collectReports(server);
    const { receipt } = receiptUnder(server, policy, 'CSP-1');
    const { context, page, errors } = await tab(browser);
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase('CSP-1');
    // The page stays: anything the library did on it has had its chance to be refused.
    expect(await violationsIn(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(reports).toEqual([]);
    findings.push([policy, 'receipt, buyer stays', `recorded (${outcomes(account, 'CSP-1').sent} request)`, 'none']);
    await context.close();
  });

for (const [label, policy, rescued] of [
  ['with connect-src the rescue goes out', POLICY, true],
  ['without connect-src the rescue is refused', IMAGE_ONLY, false],
] as const)
  test(`pagehide while the pixel is in flight: ${label}`, async ({ browser, server, account }) => {
    const arrivals = tapPixelEndpoint(server);
    const reports = collectReports(server);
    const { receipt } = receiptUnder(server, policy, 'CSP-2');
    const { context, page, errors } = await tab(browser);
    // The image is slow to answer, so it is still in flight at pagehide.
    account.faults.delay(1500);
    await page.goto(receipt, { waitUntil: 'commit' });
    await expect.poll(() => arrivals.filter((a) => a.dest == 'image').length).toBe(1);
    // The library's pagehide handler runs while the page stays to be inspected (a real
    // navigation would take the page's violation events with it).
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    const rescue = () => arrivals.filter((a) => a.dest == 'empty').length;
    if (rescued) {
      await expect.poll(rescue, { message: 'the keepalive rescue reached the server' }).toBe(1);
      expect(await violationsIn(page)).toEqual([]);
      expect(errors).toEqual([]);
    } else {
      await expect.poll(() => violationsIn(page), { message: 'the rescue is refused' }).toEqual([
        { directive: 'connect-src', blocked: expect.stringContaining(`https://${HOSTS.ontraport}/p`) },
      ]);
      expect(rescue(), 'the refused rescue never reaches the server').toBe(0);
      await expect.poll(() => reports.map((r) => r.directive), { message: 'the browser reports it' }).toEqual(['connect-src']);
      // The refusal is the browser's console error, not an exception in the page.
      expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
    }
    // Either way the slow image itself got through: the order is recorded, once.
    await expect(account).toHaveRecordedPurchase('CSP-2');
    // A hit still being delayed reads 'recorded' in the harness until answered: poll.
    await expect.poll(() => outcomes(account, 'CSP-2').recorded).toBe(1);
    findings.push([
      policy,
      'pagehide, image in flight',
      `recorded; rescue fetch ${rescued ? 'reached the server' : 'refused'}`,
      (await violationsIn(page)).map((v) => `${v.directive} ${v.blocked.replace(/\?.*/, '?...')}`).join(', ') || 'none',
    ]);
    account.faults.reset();
    await context.close();
  });

test('the script-tag build has no eval or string-compiled code', () => {
  // The runtime proof is above (no 'unsafe-eval', no violation); this covers paths not run.
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('partner-pixel/package.json').replace(/package\.json$/, 'dist/partner-pixel.min.js'), 'utf8');
  expect(source).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(|set(?:Timeout|Interval)\s*\(\s*["'`]/);
});
