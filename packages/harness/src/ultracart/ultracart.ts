/**
 * The simulated UltraCart store as msw handlers, assembled: checkout with test cards
 * (`checkout.ts`), the receipt from conversion HTML (`conversion.ts`, shown only for
 * processed orders), and the refund admin (`admin.ts`) over the order book (`orders.ts`).
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Ontraport } from '../ontraport/ontraport.js';
import { htmlResponse, noFavicon } from '../web/http.js';
import { SCRIPT_FILES, scriptTag, serveScript, type PixelSettings } from '../web/script-tag.js';
import { statusLineScript, type StatusLineOptions } from '../sandbox/status-line.js';
import { adminHandlers } from './admin.js';
import { placeOrder, showCheckout, type CheckoutContext } from './checkout.js';
import { DEFAULT_CONVERSION_HTML, renderConversion } from './conversion.js';
import { createOrderBook, type StoreRefundResult } from './orders.js';
import { chooserPage, receiptPage } from './pages.js';
import { DEFAULT_CATALOG, type Product, type StoreOrder } from './pricing.js';

export type { StoreRefundResult } from './orders.js';

export interface UltraCartOptions {
  /** Where the store answers, e.g. `https://secure.ultracart.com` or `http://127.0.0.1:8080`. */
  origin: string;
  /** The account full refunds are reported to, and the original pixel goes to. */
  ontraport: Pick<Ontraport, 'origin' | 'keys' | 'refund'>;
  /** The script tag's settings on checkout and receipt pages. */
  pixel: PixelSettings;
  /** Where pages load the script from. @defaultValue `${origin}/partner-pixel.min.js` (served here) */
  scriptSrc?: string;
  /** @defaultValue DEFAULT_CATALOG (SKU-1, SKU-2, SKU-3) */
  catalog?: Product[];
  /** The receipt's conversion HTML with `[Token]` placeholders. @defaultValue DEFAULT_CONVERSION_HTML */
  conversionHtml?: string;
  /**
   * The number of the first order, `UC-<n>`. The sandbox starts from the time it started, so
   * order ids never repeat across runs (a browser's ledger remembers the ids it sent).
   * @defaultValue 1001
   */
  firstOrderNumber?: number;
  /** The sandbox's status line on checkout and receipt pages (never part of the tag). @defaultValue undefined (none) */
  statusLine?: StatusLineOptions;
}

export interface UltraCart {
  origin: string;
  host: string;
  handlers: HttpHandler[];
  catalog: Product[];
  scriptSrc: string;
  /** The current script-tag settings. */
  readonly pixel: PixelSettings;
  /** Changes the script-tag settings (e.g. the mode) for pages rendered from now on. */
  configure(pixel: Partial<PixelSettings>): void;
  checkoutUrl(sku: string, qty?: number): string;
  receiptUrl(orderId: string): string;
  orders(): StoreOrder[];
  order(orderId: string): StoreOrder | undefined;
  /** A full refund (no amount, or the whole total) is reported to ONTRAPORT; a partial one is not. */
  refund(orderId: string, amountCents?: number): StoreRefundResult;
  /** Forgets every order; numbering starts again at `firstOrderNumber`. */
  reset(): void;
  /** The number the next order will take (`UC-<n>`). */
  readonly nextOrderNumber: number;
}

/** UltraCart's own buy-link form: adds the item and moves on, keeping the rest of the query (a decorated link's referral). */
function buyLink(request: Request, checkoutUrl: (sku: string) => string): Response {
  const query = new URL(request.url).searchParams;
  const url = new URL(checkoutUrl(query.get('ADD') || ''));
  query.forEach((v, k) => k != 'ADD' && k != 'merchantId' && url.searchParams.set(k, v));
  return new HttpResponse(null, { status: 302, headers: { Location: url.href } });
}

/** Creates a simulated UltraCart store answering at `origin`. */
export function createUltracart(options: UltraCartOptions): UltraCart {
  const origin = new URL(options.origin).origin;
  const catalog = (options.catalog ?? DEFAULT_CATALOG).map((p) => ({ ...p }));
  const scriptSrc = options.scriptSrc ?? `${origin}/partner-pixel.min.js`;
  const template = options.conversionHtml ?? DEFAULT_CONVERSION_HTML;
  let pixel: PixelSettings = { ...options.pixel };
  const orders = createOrderBook(options.firstOrderNumber ?? 1001, (id) => options.ontraport.refund(id));
  const receiptUrl = (orderId: string) => `${origin}/receipt?${new URLSearchParams({ o: orderId })}`;
  const status = options.statusLine;
  // The status line goes before the tag, so that it sees the tag's first warning.
  const next = 'click "Fill test buyer", then "Place order".';
  const script = () => (status ? statusLineScript(status, { kind: 'page', next }) : '') + scriptTag(scriptSrc, pixel);
  const ctx: CheckoutContext = { catalog, orders, script, receiptUrl };

  function checkoutUrl(sku: string, qty = 1): string {
    const url = new URL('/checkout', origin);
    url.searchParams.set('item', sku);
    if (qty != 1) url.searchParams.set('qty', String(qty));
    return url.href;
  }

  /** The receipt exists only for a processed order; a reload renders the same page again. */
  function showReceipt(request: Request): Response {
    const order = orders.get(new URL(request.url).searchParams.get('o') || '');
    if (!order) return htmlResponse(receiptPage('<h1>Receipt not found</h1><p>No processed order has that number.</p>'), 404);
    const line = status ? statusLineScript(status, { kind: 'receipt', orderId: order.orderId, renderedAt: new Date().toISOString() }) : '';
    return htmlResponse(receiptPage(line + renderConversion(template, order, { pixel, scriptSrc, ontraport: options.ontraport })));
  }

  const at = (path: string) => new URL(path, origin).href;
  const handlers: HttpHandler[] = [
    ...Object.values(SCRIPT_FILES).map((file) => http.get(at('/' + file), () => serveScript(file))),
    http.get(at('/favicon.ico'), noFavicon),
    http.get(at('/'), () => htmlResponse(chooserPage(catalog, ctx.script()))),
    http.get(at('/cgi-bin/UCEditor'), ({ request }) => buyLink(request, checkoutUrl)),
    http.get(at('/checkout'), ({ request }) => showCheckout(ctx, request)),
    http.post(at('/checkout'), ({ request }) => placeOrder(ctx, request)),
    http.get(at('/receipt'), ({ request }) => showReceipt(request)),
    ...adminHandlers(origin, orders),
  ];
  const copy = (o: StoreOrder | undefined) => o && structuredClone(o);
  return {
    origin,
    host: new URL(origin).host,
    handlers,
    catalog,
    scriptSrc,
    get pixel() {
      return { ...pixel };
    },
    configure(change) {
      pixel = { ...pixel, ...change };
    },
    get nextOrderNumber() {
      return orders.peek();
    },
    checkoutUrl,
    receiptUrl,
    orders: () => orders.all().map((o) => structuredClone(o)),
    order: (id) => copy(orders.get(id)),
    refund: (orderId, amountCents): StoreRefundResult => orders.refund(orderId, amountCents),
    reset: orders.reset,
  };
}
