/**
 * The simulated UltraCart store as msw handlers: catalog, checkout with test cards, the
 * receipt from conversion HTML (shown only for processed orders), and the refund admin whose
 * full refunds reach ONTRAPORT and partial ones do not, as the original integration.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { toCents } from 'partner-pixel/wire';
import type { RefundOutcome } from './account.js';
import {
  COUPONS,
  DEFAULT_CATALOG,
  priceOrder,
  TEST_CARDS,
  type Buyer,
  type Product,
  type StoreOrder,
} from './cart.js';
import { DEFAULT_CONVERSION_HTML, renderConversion } from './conversion.js';
import { htmlResponse, noFavicon, readBody } from './html.js';
import type { Ontraport } from './ontraport.js';
import { adminPage, checkoutPage, chooserPage, receiptPage } from './pages.js';
import { SCRIPT_FILES, scriptTag, serveScript, type PixelSettings } from './script-tag.js';

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
}

/** What a store refund did. */
export type StoreRefundResult =
  | { ok: true; orderId: string; amount: number; full: boolean; propagated: boolean; ontraport?: RefundOutcome }
  | { ok: false; orderId: string; reason: string };

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
  /** Forgets every order; numbering starts again at UC-1001. */
  reset(): void;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const FIRST_ORDER = 1001;

/** Creates a simulated UltraCart store answering at `origin`. */
export function createUltracart(options: UltraCartOptions): UltraCart {
  const base = new URL(options.origin);
  const origin = base.origin;
  const catalog = (options.catalog ?? DEFAULT_CATALOG).map((p) => ({ ...p }));
  const scriptSrc = options.scriptSrc ?? `${origin}/partner-pixel.min.js`;
  const template = options.conversionHtml ?? DEFAULT_CONVERSION_HTML;
  let pixel: PixelSettings = { ...options.pixel };
  let orders = new Map<string, StoreOrder>();
  let next = FIRST_ORDER;

  const product = (sku: string | null) => catalog.find((p) => p.id == sku);
  const script = () => scriptTag(scriptSrc, pixel);

  function checkoutUrl(sku: string, qty = 1): string {
    const url = new URL('/checkout', origin);
    url.searchParams.set('item', sku);
    if (qty != 1) url.searchParams.set('qty', String(qty));
    return url.href;
  }

  const quantity = (raw: string | null | undefined): number | undefined => {
    const n = raw == null || raw === '' ? 1 : Number(raw);
    return Number.isInteger(n) && n >= 1 && n <= 99 ? n : undefined;
  };

  /** UltraCart's custom-field tracking copies `CustomField1`..`7` from the URL into the order. */
  function customFields(source: (k: string) => string | null | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (let n = 1; n <= 7; n++) {
      const v = source(`CustomField${n}`);
      if (v) out[`CustomField${n}`] = v.slice(0, n == 5 ? 75 : 50);
    }
    return out;
  }

  function showCheckout(request: Request): Response {
    const q = new URL(request.url).searchParams;
    const p = product(q.get('item'));
    if (!p) return htmlResponse(chooserPage(catalog, script(), q.get('item') ? `Unknown product ${q.get('item')}` : undefined), q.get('item') ? 404 : 200);
    return htmlResponse(
      checkoutPage({ product: p, quantity: quantity(q.get('qty')) ?? 1, customFields: customFields((k) => q.get(k)), script: script() }),
    );
  }

  async function placeOrder(request: Request): Promise<Response> {
    const f = await readBody(request);
    const p = product(f.item);
    if (!p) return htmlResponse(chooserPage(catalog, script(), 'Choose a product first.'), 400);
    const qty = quantity(f.qty);
    const cf = customFields((k) => f[k]);
    // An add-to-cart post from another site (item and quantity only) opens the checkout form.
    if (f.email === undefined && f.card === undefined)
      return htmlResponse(checkoutPage({ product: p, quantity: qty ?? 1, customFields: cf, script: script() }));
    const again = (error: string, status = 200) =>
      htmlResponse(checkoutPage({ product: p, quantity: qty ?? 1, values: f, error, customFields: cf, script: script() }), status);
    if (!qty) return again('Quantity must be a whole number from 1 to 99.', 400);
    if (!f.email || !EMAIL.test(f.email.trim())) return again('Please enter a valid email address.', 400);
    if (!f.firstName?.trim() || !f.lastName?.trim()) return again('Please enter your first and last name.', 400);
    const coupon = f.coupon?.trim().toUpperCase();
    if (coupon && !(coupon in COUPONS)) return again(`Coupon ${coupon} is not valid.`, 400);
    const card = (f.card || '').replace(/[\s-]/g, '');
    // A declined card creates no order, so there is no receipt and no pixel (as UltraCart).
    if (card == TEST_CARDS.decline) return again('Your card was declined. No charge was made.');
    if (card != TEST_CARDS.approve)
      return again(`Card not accepted. Use test card ${TEST_CARDS.approve} (approves) or ${TEST_CARDS.decline} (declines).`);

    const items = [{ ...p, quantity: qty }];
    const buyer: Buyer = { email: f.email.trim(), firstName: f.firstName.trim(), lastName: f.lastName.trim() };
    for (const k of ['address', 'city', 'state', 'zip', 'country'] as const) if (f[k]?.trim()) buyer[k] = f[k].trim();
    const order: StoreOrder = {
      orderId: `UC-${next++}`,
      ...buyer,
      items,
      ...priceOrder(items, coupon ? COUPONS[coupon] : 0),
      customFields: Array.from({ length: 7 }, (_, n) => cf[`CustomField${n + 1}`] || ''),
      refunds: [],
      createdAt: new Date().toISOString(),
    };
    if (coupon) order.coupon = coupon;
    orders.set(order.orderId, order);
    return new HttpResponse(null, { status: 303, headers: { Location: receiptUrl(order.orderId) } });
  }

  function receiptUrl(orderId: string): string {
    const url = new URL('/receipt', origin);
    url.searchParams.set('o', orderId);
    return url.href;
  }

  /** The receipt exists only for a processed order; a reload renders the same page again. */
  function showReceipt(request: Request): Response {
    const order = orders.get(new URL(request.url).searchParams.get('o') || '');
    if (!order) return htmlResponse(receiptPage('<h1>Receipt not found</h1><p>No processed order has that number.</p>'), 404);
    const html = renderConversion(template, order, { pixel, scriptSrc, ontraport: options.ontraport });
    return htmlResponse(receiptPage(html));
  }

  function refund(orderId: string, amountCents?: number): StoreRefundResult {
    const order = orders.get(orderId);
    if (!order) return { ok: false, orderId, reason: 'unknown order' };
    const left = order.total - order.refunds.reduce((s, r) => s + r.amount, 0);
    const amount = amountCents ?? left;
    if (!Number.isInteger(amount) || amount <= 0) return { ok: false, orderId, reason: 'amount must be a positive number of cents' };
    if (amount > left) return { ok: false, orderId, reason: `at most ${left} cents are left to refund` };
    // "Full" is UltraCart's refund of the whole order; what remains after partial refunds is not.
    const full = !order.refunds.length && amount == order.total;
    const result: StoreRefundResult = { ok: true, orderId, amount, full, propagated: full };
    if (full) result.ontraport = options.ontraport.refund(orderId);
    order.refunds.push({ amount, full, propagated: full, at: new Date().toISOString() });
    return result;
  }

  async function refundHttp(request: Request): Promise<Response> {
    const isJson = (request.headers.get('content-type') || '').includes('application/json');
    const b = await readBody(request);
    // `amount` is in currency units as an admin types it ("5.00"); `amountCents` for scripts.
    const cents = b.amountCents ? Number(b.amountCents) : b.amount ? toCents(b.amount) : undefined;
    const result: StoreRefundResult =
      (b.amount || b.amountCents) && (cents === undefined || !Number.isInteger(cents))
        ? { ok: false, orderId: b.orderId || '', reason: 'amount must be like 5.00' }
        : refund(b.orderId || '', cents);
    if (isJson) return HttpResponse.json(result, { status: result.ok ? 200 : 400 });
    const message = result.ok
      ? `Refunded ${(result.amount / 100).toFixed(2)} on ${result.orderId} (${result.full ? 'full refund, reported to ONTRAPORT' : 'partial refund, not reported to ONTRAPORT'}).`
      : `Refund refused: ${result.reason}.`;
    return new HttpResponse(null, { status: 303, headers: { Location: `/admin?msg=${encodeURIComponent(message)}` } });
  }

  const at = (path: string) => new URL(path, origin).href;
  const handlers: HttpHandler[] = [
    ...Object.values(SCRIPT_FILES).map((file) => http.get(at('/' + file), () => serveScript(file))),
    http.get(at('/favicon.ico'), noFavicon),
    http.get(at('/'), () => htmlResponse(chooserPage(catalog, script()))),
    // UltraCart's own buy-link form: it adds the item and moves on to the checkout, keeping the
    // rest of the query (orid, sid, opid from a decorated link).
    http.get(at('/cgi-bin/UCEditor'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      const url = new URL(checkoutUrl(query.get('ADD') || ''));
      query.forEach((v, k) => k != 'ADD' && k != 'merchantId' && url.searchParams.set(k, v));
      return new HttpResponse(null, { status: 302, headers: { Location: url.href } });
    }),
    http.get(at('/checkout'), ({ request }) => showCheckout(request)),
    http.post(at('/checkout'), ({ request }) => placeOrder(request)),
    http.get(at('/receipt'), ({ request }) => showReceipt(request)),
    http.get(at('/admin'), ({ request }) =>
      htmlResponse(adminPage([...orders.values()], new URL(request.url).searchParams.get('msg') || undefined)),
    ),
    http.post(at('/admin/refund'), ({ request }) => refundHttp(request)),
    http.get(at('/__harness/orders'), () => HttpResponse.json([...orders.values()])),
  ];

  return {
    origin,
    host: base.host,
    handlers,
    catalog,
    scriptSrc,
    get pixel() {
      return { ...pixel };
    },
    configure(change) {
      pixel = { ...pixel, ...change };
    },
    checkoutUrl,
    receiptUrl,
    orders: () => [...orders.values()].map((o) => structuredClone(o)),
    order: (id) => {
      const o = orders.get(id);
      return o && structuredClone(o);
    },
    refund,
    reset() {
      orders = new Map();
      next = FIRST_ORDER;
    },
  };
}
