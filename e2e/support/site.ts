/**
 * Pages for the delivery, fault, CSP and consent tests, served by the worker's harness server
 * on the simulated store host (the receipt's real home), plus small readers of what the
 * browser and the simulated ONTRAPORT hold.
 */
import { http, HttpResponse } from 'msw';
import { HOSTS, type HarnessServer, type Ontraport } from '@partner-pixel/harness/playwright';
import type { Page } from '@playwright/test';
import { LEDGER_KEY, type Ledger } from 'partner-pixel/wire';

export const STORE = `https://${HOSTS.store}`;
export const ONTRAPORT = `https://${HOSTS.ontraport}`;
/** The receipt tag, same origin as the pages, so a strict `script-src 'self'` admits it. */
export const SCRIPT_SRC = '/partner-pixel-receipt.min.js';
/** The page tag, for pages without an order. */
export const PAGE_SCRIPT_SRC = '/partner-pixel.min.js';

/** A valid order of docs/wire.md §3 that reconciles: 2 x 19.95 + 1.20 + 5.00 = 46.10. */
export function order<E extends Record<string, unknown>>(orderId: string, extra: E = {} as E) {
  return {
    orderId,
    email: `${orderId.toLowerCase()}@example.com`,
    items: [{ id: 'SKU-1', name: 'Starter Kit', price: '19.95', quantity: 2 }],
    tax: '1.20',
    shipping: '5.00',
    total: '46.10',
    ...extra,
  };
}

/** The order block; `<` escaped so that no field can close the script element. */
export const orderBlock = (o: unknown) =>
  `<script type="application/json" id="partner-pixel-order">${(typeof o == 'string' ? o : JSON.stringify(o)).replace(/</g, '\\u003c')}</script>`;

/** The queue stub of the README, as an inline script. */
export const QUEUE_STUB =
  'window.partnerPixel=window.partnerPixel||function(){(partnerPixel.q=partnerPixel.q||[]).push(arguments)};';

/** Our script tag on `subdomain`, with extra `data-*` attributes. */
export const scriptTag = (attrs = '', { async = true } = {}) =>
  `<script${async ? ' async' : ''} src="${SCRIPT_SRC}" data-subdomain="${HOSTS.ontraport}" ${attrs}></script>`;

/** A whole page around `body`. */
export const html = (body: string, title = 'Page') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>\n${body}\n</body></html>`;

/** Serves `body` (a function of the request, for per-try pages) at `path` on the store host. */
export function serve(
  server: HarnessServer,
  path: string,
  body: string | ((url: URL) => string),
  headers: Record<string, string> = {},
): string {
  const url = `${STORE}${path}`;
  server.use(
    http.get(url, ({ request }) => {
      const text = typeof body == 'string' ? body : body(new URL(request.url));
      return new HttpResponse(text, {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
      });
    }),
  );
  return url;
}

/** One request to the pixel endpoint as the real server received it (any method). */
export interface Arrival {
  method: string;
  orderId: string | null;
  /** `image` for the library's image, `empty` for a fetch or beacon. */
  dest: string | null;
  /** Arrival time, ms. */
  at: number;
}

/**
 * Notes every request that reaches `/p` on the real server, then lets the simulated ONTRAPORT
 * answer it (the handler returns nothing, so msw moves on to the account's own handler). A
 * POST (sendBeacon) has no handler in the account and is answered 204 here.
 */
export function tapPixelEndpoint(server: HarnessServer): Arrival[] {
  const arrivals: Arrival[] = [];
  server.use(
    http.all(`${ONTRAPORT}/p`, ({ request }) => {
      arrivals.push({
        method: request.method,
        orderId: new URL(request.url).searchParams.get('order_id'),
        dest: request.headers.get('sec-fetch-dest'),
        at: Date.now(),
      });
      return request.method == 'POST' ? new HttpResponse(null, { status: 204 }) : undefined;
    }),
  );
  return arrivals;
}

/** Per order id: pixels the server saw, recorded, answered as duplicate, failed or dropped. */
export function outcomes(account: Ontraport, orderId: string) {
  const hits = account.pixels().filter((p) => p.orderId == orderId);
  const count = (o: string) => hits.filter((h) => h.outcome == o).length;
  return {
    sent: hits.length,
    recorded: count('recorded'),
    duplicate: count('duplicate'),
    failed: count('failed'),
    dropped: count('dropped'),
    rejected: count('rejected'),
  };
}

/** The library's exactly-once ledger (LEDGER_KEY) as the page sees it, or null. */
export async function ledger(page: Page): Promise<Ledger | null> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), LEDGER_KEY);
}

/** Gives or withdraws consent through the page's command queue, as a consent banner does. */
export const consent = (page: Page, granted: boolean) =>
  page.evaluate((g) => (window as unknown as { partnerPixel(c: string, a: unknown): void }).partnerPixel('consent', g), granted);

/** Waits until the tag has run (it marks its queue function as loaded). */
export const tagStarted = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { partnerPixel?: { l?: 1 } }).partnerPixel?.l);
