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
import { ultracartItem, ultracartOrder } from './order-object.js';
import { createOrderBook, type StoreRefundResult } from './orders.js';
import { createStoreWebhooks, type StoreWebhooks, type WebhookTarget } from './store-webhooks.js';
import type { Integration } from '../ontraport/types.js';
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
  /**
   * `bridge`: receipts carry no receipt tag, and orders, declined payments, refunds (partial
   * ones too) and new products go to the connected webhook. @defaultValue 'tag'
   */
  readonly integration: Integration;
  setIntegration(value: Integration): void;
  /** Where the webhook posts (the bridge's `/ultracart/webhook`), with its basic auth. */
  connectWebhooks(target: WebhookTarget): void;
  webhooks: Pick<StoreWebhooks, 'connected' | 'stats' | 'stop'>;
  /** Adds a product that sells at once; with the bridge, an `item_create` webhook. A message either way. */
  addProduct(product: Product): string;
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

/** The webhook events of the store's life, sent only while the bridge is in use. */
function storeEvents(webhooks: StoreWebhooks, integration: () => Integration) {
  const send = (name: string, object: unknown) => void (integration() == 'bridge' && webhooks.send({ name, object }));
  return {
    placed: (order: StoreOrder) => send('order_create', ultracartOrder(order)),
    declined: (attempt: StoreOrder) => send('order_payment_failed', ultracartOrder(attempt, 'Declined')),
    refunded: (order: StoreOrder) => {
      const left = order.total - order.refunds.reduce((s, r) => s + r.amount, 0);
      send('order_refund', ultracartOrder(order, left ? 'Processed' : 'Refunded'));
    },
    added: (product: Product) => send('item_create', ultracartItem(product)),
  };
}

/** A product that sells at once (and, with the bridge, an `item_create`); the admin's message. */
function addToCatalog(catalog: Product[], product: Product, events: ReturnType<typeof storeEvents>, bridge: boolean): string {
  if (catalog.some((p) => p.id == product.id)) return `Product not added: ${product.id} is already in the catalog.`;
  catalog.push({ ...product });
  events.added(product);
  return `Added ${product.id} (${product.name}), on sale now${bridge ? '; item_create sent to the bridge' : ''}.`;
}

/** `/checkout?item=SKU[&qty=n]`; several products: `item=SKU-1,SKU-2` (and `qty=2,1`). */
function checkoutUrlAt(origin: string, sku: string, qty = 1): string {
  const url = new URL('/checkout', origin);
  url.searchParams.set('item', sku);
  if (qty != 1) url.searchParams.set('qty', String(qty));
  return url.href;
}

/** The store's pages at `origin`: scripts, chooser, buy link, checkout, receipt, admin. */
function storeHandlers(origin: string, o: { ctx: CheckoutContext; checkoutUrl: (sku: string) => string; showReceipt: (r: Request) => Response; addProduct: (p: Product) => string }): HttpHandler[] {
  const at = (path: string) => new URL(path, origin).href;
  const { ctx } = o;
  return [
    ...Object.values(SCRIPT_FILES).map((file) => http.get(at('/' + file), () => serveScript(file))),
    http.get(at('/favicon.ico'), noFavicon),
    http.get(at('/'), () => htmlResponse(chooserPage(ctx.catalog, ctx.script()))),
    http.get(at('/cgi-bin/UCEditor'), ({ request }) => buyLink(request, o.checkoutUrl)),
    http.get(at('/checkout'), ({ request }) => showCheckout(ctx, request)),
    http.post(at('/checkout'), ({ request }) => placeOrder(ctx, request)),
    http.get(at('/receipt'), ({ request }) => o.showReceipt(request)),
    ...adminHandlers(origin, ctx.orders, { products: () => ctx.catalog.map((p) => ({ ...p })), add: o.addProduct }),
  ];
}

/** Creates a simulated UltraCart store answering at `origin`. */
export function createUltracart(options: UltraCartOptions): UltraCart {
  const origin = new URL(options.origin).origin;
  const catalog = (options.catalog ?? DEFAULT_CATALOG).map((p) => ({ ...p }));
  const scriptSrc = options.scriptSrc ?? `${origin}/partner-pixel.min.js`;
  const template = options.conversionHtml ?? DEFAULT_CONVERSION_HTML;
  let pixel: PixelSettings = { ...options.pixel };
  let integration: Integration = 'tag';
  const webhooks = createStoreWebhooks();
  const events = storeEvents(webhooks, () => integration);
  const orders = createOrderBook(options.firstOrderNumber ?? 1001, (id) => options.ontraport.refund(id), { active: () => integration == 'bridge', refunded: events.refunded });
  const receiptUrl = (orderId: string) => `${origin}/receipt?${new URLSearchParams({ o: orderId })}`;
  const status = options.statusLine;
  // The status line goes before the tag, so that it sees the tag's first warning.
  const next = 'click "Fill test buyer", then "Place order".';
  const script = () => (status ? statusLineScript(status, { kind: 'page', next }) : '') + scriptTag(scriptSrc, pixel);
  const ctx: CheckoutContext = { catalog, orders, script, receiptUrl, events };
  const addProduct = (product: Product) => addToCatalog(catalog, product, events, integration == 'bridge');
  const checkoutUrl = (sku: string, qty = 1) => checkoutUrlAt(origin, sku, qty);

  /** The receipt exists only for a processed order; a reload renders the same page again. */
  function showReceipt(request: Request): Response {
    const order = orders.get(new URL(request.url).searchParams.get('o') || '');
    if (!order) return htmlResponse(receiptPage('<h1>Receipt not found</h1><p>No processed order has that number.</p>'), 404);
    const line = status ? statusLineScript(status, { kind: 'receipt', orderId: order.orderId, renderedAt: new Date().toISOString(), bridge: integration == 'bridge' }) : '';
    return htmlResponse(receiptPage(line + renderConversion(template, order, { pixel, scriptSrc, ontraport: options.ontraport, bridge: integration == 'bridge' })));
  }

  const handlers = storeHandlers(origin, { ctx, checkoutUrl, showReceipt, addProduct });
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
    get integration() {
      return integration;
    },
    setIntegration(value) {
      if (value == 'bridge' && !webhooks.connected()) throw new Error('no webhook is connected: connectWebhooks first');
      integration = value;
    },
    connectWebhooks: webhooks.connect,
    webhooks,
    addProduct,
  };
}
