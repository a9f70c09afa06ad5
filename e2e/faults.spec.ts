/**
 * The fault matrix: the simulated ONTRAPORT is down for a few requests, answers a
 * 5xx once, is slow beyond or within the library's timeout, or drops connections; the buyer
 * stays on the receipt, reloads it, or closes the tab and later opens another page of the
 * same site. Every order must end up recorded exactly once, and the library must agree (its
 * ledger holds the order as delivered and nothing waiting). Prints the matrix.
 *
 * Speed without sleeps: the receipt sets `timeoutMs: 2000`, and `Math.random` is pinned to 0
 * in these pages, so the library's jittered backoff takes its shortest path (1 s, 2 s, 4 s)
 * in real time; every wait is an `expect.poll` on the server's log or the page's ledger.
 * The contexts have no request routing: Playwright would intercept every request, including
 * the keepalive rescue sent while a page goes away, which is exactly what is under test.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test, type Ontraport } from '@partner-pixel/harness/playwright';
import { html, ledger, order, orderBlock, outcomes, QUEUE_STUB, scriptTag, serve } from './support/site.js';
import { recordTable } from './support/tables.js';

const TIMEOUT_MS = 2000;
const INIT = `<script>${QUEUE_STUB}partnerPixel('init',{timeoutMs:${TIMEOUT_MS}})</script>`;

interface Scenario {
  name: string;
  /** Sets the faults before the receipt opens. */
  arm(account: Ontraport): void;
  /** Lifts a fault that would otherwise never end, once the order is on the server. */
  recover?(account: Ontraport): void;
}

const SCENARIOS: Scenario[] = [
  { name: 'down: 503 for 3 requests, then up', arm: (a) => a.faults.failNext(3, 503) },
  { name: '5xx once (500), then recovery', arm: (a) => a.faults.failNext(1, 500) },
  {
    // Every answer takes longer than the timeout: the library retries requests the server
    // has recorded, until the delay ends.
    name: `slow beyond timeout: 3 s answers (timeout ${TIMEOUT_MS / 1000} s), then fast`,
    arm: (a) => a.faults.delay(3000),
    recover: (a) => a.faults.delay(0),
  },
  { name: `slow within timeout: 1 s answers (timeout ${TIMEOUT_MS / 1000} s)`, arm: (a) => a.faults.delay(1000) },
  { name: 'dropping: 2 connections closed unanswered', arm: (a) => a.faults.dropNext(2) },
];

type Variation = 'stay' | 'reload' | 'close, later another page';
const VARIATIONS: Variation[] = ['stay', 'reload', 'close, later another page'];

/** A buyer's browser, with the shortest backoff the library can pick. */
async function buyer(browser: Browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(() => {
    Math.random = () => 0;
  });
  return context;
}

/** The library's view: the order delivered and nothing waiting. */
async function settled(page: Page, orderId: string): Promise<boolean> {
  const l = await ledger(page);
  return !!l && l.d.includes(orderId) && l.q.length == 0;
}

test.describe.configure({ mode: 'parallel' });

for (const scenario of SCENARIOS)
  for (const variation of VARIATIONS)
    test(`${scenario.name} / ${variation}`, async ({ browser, server, account }) => {
      test.setTimeout(90_000);
      const orderId = `F-${SCENARIOS.indexOf(scenario)}${VARIATIONS.indexOf(variation)}`;
      const receipt = serve(server, '/receipt', html(INIT + orderBlock(order(orderId)) + scriptTag(), 'Receipt'));
      const home = serve(server, '/home', html(INIT + scriptTag(), 'Home'));
      const context = await buyer(browser);
      try {
        scenario.arm(account);
        let page = await context.newPage();
        await page.goto(receipt);
        // The first request has reached the server and met its fault (or is being delayed).
        await expect.poll(() => account.pixels().length, { timeout: 30_000 }).toBeGreaterThan(0);
        if (variation == 'reload') await page.reload();
        if (variation == 'close, later another page') {
          await page.close();
          page = await context.newPage();
          await page.goto(home);
        }
        if (scenario.recover) {
          await expect.poll(() => outcomes(account, orderId).recorded, { timeout: 30_000 }).toBe(1);
          scenario.recover(account);
        }
        await expect.poll(() => settled(page, orderId), { timeout: 60_000, message: 'the ledger holds the order as delivered' }).toBe(true);
        // A hit still being delayed reads 'recorded' in the harness until answered: poll.
        await expect.poll(() => outcomes(account, orderId).recorded, { timeout: 10_000 }).toBe(1);
        expect(account.purchases().filter((p) => p.orderId == orderId)).toHaveLength(1);
      } finally {
        const o = outcomes(account, orderId);
        recordTable({
          title: 'Fault matrix (Chromium, simulated ONTRAPORT; one order per cell)',
          head: ['scenario', 'variation', 'orders', 'pixels sent', 'recorded', 'duplicates', 'lost'],
          rows: [[scenario.name, variation, '1', String(o.sent), String(o.recorded), String(o.duplicate), String(o.recorded ? 0 : 1)]],
        });
        await context.close();
      }
    });

// A hung endpoint: the first request never answers within the page's life. Each retry the
// library makes after a timeout must be a new request on the wire, or the retries are only
// counted (burning the attempt budget, `maxAttempts`) while nothing more is sent.
test('a retry after a timeout reaches the server again (endpoint hangs)', async ({ browser, server, account }) => {
  test.setTimeout(60_000);
  const receipt = serve(server, '/receipt', html(INIT + orderBlock(order('H-1')) + scriptTag(), 'Receipt'));
  const context = await buyer(browser);
  try {
    account.faults.delay(12_000);
    const page = await context.newPage();
    await page.goto(receipt);
    // Three attempts have timed out on this page (the ledger counts them) ...
    await expect.poll(async () => (await ledger(page))?.q[0]?.n ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // ... so the server must have seen at least the first two (the third may still be on its way).
    expect(account.pixels().length, 'requests the server received for 3 attempts').toBeGreaterThanOrEqual(2);
  } finally {
    account.faults.reset();
    await context.close();
  }
});
