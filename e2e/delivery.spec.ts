/**
 * "Delivery that survives": a receipt fires its pixel and navigates away at once.
 * Which transport reaches the endpoint in N of N tries, in real Chromium against the real
 * harness server? The three plain transports are the measurement (printed, not asserted);
 * our library is asserted: every order is recorded exactly once, at the latest after the
 * buyer's next page view on the same site, where the ledger sends what the receipt could not.
 *
 * The browser contexts here have no request routing: a Playwright route intercepts every
 * request of its context, which changes how requests behave at unload, and a route handler
 * sees requests the page aborted. Only the server's own log counts. The browser's resolver
 * still maps every host but the simulated ones to nowhere, so the network stays closed.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { buildQuery, readOrder, toPayload } from 'partner-pixel/wire';
import { expect, HOSTS, test, type Ontraport } from '@partner-pixel/harness/playwright';
import { html, ledger, ONTRAPORT, order, orderBlock, outcomes, QUEUE_STUB, SCRIPT_SRC, serve, STORE, tapPixelEndpoint, type Arrival } from './support/site.js';
import { recordTable } from './support/tables.js';

/** Tries per transport. */
const N = 20;
const TAG_ATTRS = `data-subdomain="${HOSTS.ontraport}" data-debug`;
const LEAVE = `location.href='/next'`;

/** A pixel URL the simulated ONTRAPORT accepts, built with the library's own wire module. */
function pixelUrl(orderId: string): string {
  const read = readOrder(order(orderId));
  if (!read.ok) throw new Error(read.reason);
  return `${ONTRAPORT}/p?${buildQuery(toPayload(read.order))}`;
}

interface Transport {
  name: string;
  /** Order id prefix, so that the server's log tells the transports apart. */
  prefix: string;
  /** The receipt's body for one order id; it leaves for `/next` at once. */
  body(orderId: string): string;
  /** Our library: asserted, and followed by a page view of the same site that flushes. */
  ours?: boolean;
}

const TRANSPORTS: Transport[] = [
  {
    name: 'new Image().src',
    prefix: 'IMG',
    body: (id) => `<script>new Image().src=${JSON.stringify(pixelUrl(id))};${LEAVE}</script>`,
  },
  {
    name: 'navigator.sendBeacon(url)',
    prefix: 'BCN',
    body: (id) => `<script>navigator.sendBeacon(${JSON.stringify(pixelUrl(id))});${LEAVE}</script>`,
  },
  {
    name: "fetch(url, {keepalive: true, mode: 'no-cors'})",
    prefix: 'KAF',
    body: (id) => `<script>fetch(${JSON.stringify(pixelUrl(id))},{keepalive:true,mode:'no-cors'});${LEAVE}</script>`,
  },
  {
    // The order block, then the tag (not async), then a script that leaves at once.
    name: 'ours: order block + tag, next inline script leaves',
    prefix: 'OBK',
    ours: true,
    body: (id) => `${orderBlock(order(id))}<script src="${SCRIPT_SRC}" ${TAG_ATTRS}></script><script>${LEAVE}</script>`,
  },
  {
    // The same, with the order in the command queue: replayed while the tag runs.
    name: "ours: partnerPixel('purchase') + tag, next inline script leaves",
    prefix: 'OQU',
    ours: true,
    body: (id) =>
      `<script>${QUEUE_STUB}partnerPixel('purchase',${JSON.stringify(order(id))})</script><script src="${SCRIPT_SRC}" ${TAG_ATTRS}></script><script>${LEAVE}</script>`,
  },
  {
    // The README's receipt (async tag), leaving the moment the page has loaded.
    name: 'ours: order block + async tag, leaves on load',
    prefix: 'OAS',
    ours: true,
    body: (id) =>
      `<script>addEventListener('load',function(){${LEAVE}})</script>${orderBlock(order(id))}<script async src="${SCRIPT_SRC}" ${TAG_ATTRS}></script>`,
  },
];

const idOf = (t: Transport, i: number) => `${t.prefix}-${String(i + 1).padStart(2, '0')}`;

/** Opens the receipt and waits until the browser has landed on `/next`. */
async function fireAndLeave(page: Page, url: string): Promise<void> {
  // As far as `goto` knows, the receipt never finishes loading: it navigates on.
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForURL('**/next', { waitUntil: 'load' });
}

/**
 * Orders of a transport that reached the server from their own receipt: arrived before the
 * next receipt of the same transport was opened (after which our library's flush may send an
 * earlier order again), or, for the last one, before the measurement ended.
 */
function reachedFromReceipt(account: Ontraport, arrivals: Arrival[], t: Transport, windows: Map<string, number>): number {
  const arrivedAt = new Map<string, number>();
  const note = (id: string | null | undefined, at: number) => {
    if (id?.startsWith(t.prefix + '-') && !(at >= (arrivedAt.get(id) ?? Infinity))) arrivedAt.set(id, at);
  };
  for (const p of account.pixels()) note(p.orderId, Date.parse(p.at));
  // A beacon is a POST, which the account does not log; the tap on the same server does.
  for (const a of arrivals) if (a.method == 'POST') note(a.orderId, a.at);
  return [...arrivedAt].filter(([id, at]) => at <= (windows.get(id) ?? Infinity)).length;
}

test('a pixel fired just before navigating away: which transport arrives, and ours is never lost', async ({ browser, server, account }) => {
  test.setTimeout(300_000);
  const arrivals = tapPixelEndpoint(server);
  serve(server, '/next', html('<p>Thanks, on to the next page.</p>', 'Next'));
  // A later page of the same site with the tag and no order: it flushes the ledger.
  const home = serve(server, '/home', html(`<script async src="${SCRIPT_SRC}" ${TAG_ATTRS}></script>`, 'Home'));
  for (const t of TRANSPORTS) serve(server, `/receipt-${t.prefix}`, (url) => html(t.body(url.searchParams.get('o')!), 'Receipt'));

  // One context (one buyer's browser) and one tab per transport, kept for the next page view.
  const tabs = new Map<Transport, { context: BrowserContext; page: Page }>();
  for (const t of TRANSPORTS) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    tabs.set(t, { context, page: await context.newPage() });
  }
  // Interleaved, so that whatever the machine does at a moment hits every transport alike.
  const windows = new Map<string, number>();
  for (let i = 0; i < N; i++)
    for (const t of TRANSPORTS) {
      if (i > 0) windows.set(idOf(t, i - 1), Date.now());
      await fireAndLeave(tabs.get(t)!.page, `${STORE}/receipt-${t.prefix}?o=${idOf(t, i)}`);
    }

  // Keepalive requests may land a little after the tab left: wait for N of every transport,
  // but not forever, as some never come. Not asserted: this is the measurement.
  const total = () => TRANSPORTS.reduce((sum, t) => sum + reachedFromReceipt(account, arrivals, t, windows), 0);
  await expect.poll(total, { timeout: 5_000 }).toBe(N * TRANSPORTS.length).catch(() => {});
  const fromReceipt = new Map(TRANSPORTS.map((t) => [t, reachedFromReceipt(account, arrivals, t, windows)]));

  // The buyer's next page view on the same site flushes whatever the ledger still holds.
  const ours = TRANSPORTS.filter((t) => t.ours);
  // No ledger at all means the library never queued anything on this site.
  const waiting = async (page: Page) => (await ledger(page))?.q.length ?? 0;
  await Promise.all(
    ours.map(async (t) => {
      const { page } = tabs.get(t)!;
      await page.goto(home);
      // Settled when the library holds nothing more to send (it waits out the leases first).
      await expect.poll(() => waiting(page), { timeout: 60_000, message: `${t.name}: pixels still waiting` }).toBe(0);
    }),
  );
  for (const { context } of tabs.values()) await context.close();

  const ids = (t: Transport) => Array.from({ length: N }, (_, i) => idOf(t, i));
  recordTable({
    title: `Pixel fired just before location.href = ... (Chromium, real server, N = ${N} each)`,
    head: ['transport', 'reached the server from the receipt', 'recorded once, after the next page view'],
    rows: TRANSPORTS.map((t) => [
      t.name,
      `${fromReceipt.get(t)} of ${N}`,
      t.ours ? `${ids(t).filter((id) => outcomes(account, id).recorded == 1).length} of ${N}` : 'n/a (no retry)',
    ]),
  });

  // Only our library is asserted: every order recorded exactly once.
  for (const t of ours)
    for (const id of ids(t)) expect.soft(outcomes(account, id), `${t.name}: order ${id}`).toMatchObject({ recorded: 1 });
});
