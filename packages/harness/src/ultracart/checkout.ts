/**
 * The store's checkout: the form for a product, and placing the order, where the test cards
 * decide. A cart is one or several products (`item=SKU-1,SKU-2&qty=2,1`). A declined card
 * creates no order, so there is no receipt and no pixel (as UltraCart); the store's webhooks
 * still hear of the failed payment.
 */
import { HttpResponse } from 'msw';
import { CONTACT_FIELDS } from 'partner-pixel/wire';
import { htmlResponse, readBody } from '../web/http.js';
import type { OrderBook } from './orders.js';
import { checkoutPage, chooserPage, type CartLine } from './pages.js';
import { COUPONS, priceOrder, TEST_CARDS, type Buyer, type Product, type StoreOrder } from './pricing.js';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** What the checkout needs of the store. */
export interface CheckoutContext {
  catalog: Product[];
  orders: OrderBook;
  /** The script tag the pages carry, as configured now. */
  script(): string;
  receiptUrl(orderId: string): string;
  /** Told of each approved order and each declined payment (the store's webhooks). */
  events?: { placed(order: StoreOrder): void; declined(attempt: StoreOrder): void };
}

const quantity = (raw: string | null | undefined): number | undefined => {
  const n = raw == null || raw === '' ? 1 : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 99 ? n : undefined;
};

/** `item=SKU-1,SKU-2&qty=2,1` as the cart's lines (quantity 1 where none is given), or undefined. */
function cartLines(catalog: Product[], item: string | null | undefined, qty: string | null | undefined): CartLine[] | undefined {
  const ids = (item || '').split(',').filter(Boolean);
  const counts = (qty || '').split(',');
  const lines = ids.map((id, n) => ({ product: catalog.find((p) => p.id == id), quantity: quantity(counts[n]) }));
  if (!lines.length || lines.some((l) => !l.product)) return undefined;
  return lines.map((l) => ({ product: l.product!, quantity: l.quantity ?? 1 }));
}

/** Every quantity of a submitted cart is a whole number from 1 to 99. */
const quantitiesValid = (qty: string | undefined, lines: CartLine[]) => (qty ?? '').split(',').slice(0, lines.length).every((q) => quantity(q) !== undefined);

/** UltraCart's custom-field tracking copies `CustomField1`..`7` from the URL into the order. */
function customFields(source: (k: string) => string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (let n = 1; n <= 7; n++) {
    const v = source(`CustomField${n}`);
    if (v) out[`CustomField${n}`] = v.slice(0, n == 5 ? 75 : 50);
  }
  return out;
}

/** GET /checkout?item=&qty=: the form, or the chooser for an unknown product. */
export function showCheckout(ctx: CheckoutContext, request: Request): Response {
  const q = new URL(request.url).searchParams;
  const item = q.get('item');
  const lines = cartLines(ctx.catalog, item, q.get('qty'));
  if (!lines) return htmlResponse(chooserPage(ctx.catalog, ctx.script(), item ? `Unknown product ${item}` : undefined), item ? 404 : 200);
  return htmlResponse(checkoutPage({ lines, customFields: customFields((k) => q.get(k)), script: ctx.script() }));
}

/** The first thing wrong with a submitted form, as the buyer is told it, or undefined. */
function formError(f: Record<string, string>, qtyValid: boolean, coupon: string | undefined): string | undefined {
  if (!qtyValid) return 'Quantity must be a whole number from 1 to 99.';
  if (!f.email || !EMAIL.test(f.email.trim())) return 'Please enter a valid email address.';
  if (!f.firstName?.trim() || !f.lastName?.trim()) return 'Please enter your first and last name.';
  if (coupon && !(coupon in COUPONS)) return `Coupon ${coupon} is not valid.`;
  return undefined;
}

/** The buyer's contact details from the form, trimmed, empty ones left out. */
function buyerOf(f: Record<string, string>): Buyer {
  const buyer: Buyer = { email: f.email.trim(), firstName: f.firstName.trim(), lastName: f.lastName.trim() };
  for (const k of CONTACT_FIELDS) if (f[k]?.trim()) buyer[k] = f[k].trim();
  return buyer;
}

function newOrder(ctx: CheckoutContext, f: Record<string, string>, lines: CartLine[], coupon: string | undefined, cf: Record<string, string>): StoreOrder {
  const items = lines.map((l) => ({ ...l.product, quantity: l.quantity }));
  const order: StoreOrder = {
    orderId: ctx.orders.nextId(),
    ...buyerOf(f),
    items,
    ...priceOrder(items, coupon ? COUPONS[coupon] : 0),
    customFields: Array.from({ length: 7 }, (_, n) => cf[`CustomField${n + 1}`] || ''),
    refunds: [],
    createdAt: new Date().toISOString(),
  };
  if (coupon) order.coupon = coupon;
  return order;
}

/** POST /checkout: an add-to-cart post opens the form; a filled form places the order. */
export async function placeOrder(ctx: CheckoutContext, request: Request): Promise<Response> {
  const f = await readBody(request);
  const lines = cartLines(ctx.catalog, f.item, f.qty);
  if (!lines) return htmlResponse(chooserPage(ctx.catalog, ctx.script(), 'Choose a product first.'), 400);
  const cf = customFields((k) => f[k]);
  // An add-to-cart post from another site (item and quantity only) opens the checkout form.
  if (f.email === undefined && f.card === undefined) return htmlResponse(checkoutPage({ lines, customFields: cf, script: ctx.script() }));
  const again = (error: string, status = 200) => htmlResponse(checkoutPage({ lines, values: f, error, customFields: cf, script: ctx.script() }), status);
  const coupon = f.coupon?.trim().toUpperCase();
  const error = formError(f, quantitiesValid(f.qty, lines), coupon);
  if (error) return again(error, 400);
  const card = (f.card || '').replace(/[\s-]/g, '');
  if (card == TEST_CARDS.decline) {
    // No order in the book and no receipt; UltraCart still tells its webhooks the payment failed.
    ctx.events?.declined(newOrder(ctx, f, lines, coupon, cf));
    return again('Your card was declined. No charge was made.');
  }
  if (card != TEST_CARDS.approve)
    return again(`Card not accepted. Use test card ${TEST_CARDS.approve} (approves) or ${TEST_CARDS.decline} (declines).`);
  const order = newOrder(ctx, f, lines, coupon, cf);
  ctx.orders.add(order);
  ctx.events?.placed(order);
  return new HttpResponse(null, { status: 303, headers: { Location: ctx.receiptUrl(order.orderId) } });
}
