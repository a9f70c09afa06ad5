/**
 * Step 2 of the flow, pure: the order as the merchant hands it over (docs/wire.md §3) is checked
 * and normalised to exact cents, or refused with one clear reason.
 */
import { DIAGNOSTICS } from '../build.js';
import { formatCents, toCents } from './money.js';
import { amountCause, refusalText, textCause, type Cause, type Refusal } from './refusal.js';
import { parseReferral, type ReferralParams } from './referral.js';

/** One line of the order as the merchant gives it. */
export interface OrderItemInput {
  /** The product id (SKU) as ONTRAPORT knows it. */
  id: string | number;
  /** Unit price in currency units: `"19.95"` or `19.95`. */
  price: string | number;
  /** How many. @defaultValue 1 */
  quantity?: number | string;
  /** Product name, sent as the item's external id. */
  name?: string;
}

/** The buyer's contact details ONTRAPORT stores on the contact. All optional. */
export interface ContactInput {
  firstName?: string;
  lastName?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  phone?: string;
}

/** The order, one JSON shape for the script tag's block, the command queue and the npm API. */
export interface OrderInput extends ContactInput {
  /** The cart's order id. Required. */
  orderId: string | number;
  /** The buyer's email. Required. */
  email: string;
  /** At least one item. */
  items: OrderItemInput[];
  /** @defaultValue 0 */
  tax?: string | number;
  /** @defaultValue 0 */
  shipping?: string | number;
  /** Folded into the pixel's shipping amount. @defaultValue 0 */
  handling?: string | number;
  /** Order-level discounts and coupons; spread over the item prices. @defaultValue 0 */
  discount?: string | number;
  /** Grand total; when given it must equal items + tax + shipping + handling - discount. */
  total?: string | number;
  /** ISO 4217 code, for the debug report only: ONTRAPORT's pixel carries no currency. */
  currency?: string;
  /** The referral carried by the order itself (UltraCart custom fields); beats the cookie. */
  partner?: { orid?: unknown; sid?: unknown; opid?: unknown };
}

export interface OrderItem {
  id: string;
  /** Unit price in cents. */
  price: number;
  quantity: number;
  name?: string;
}

export type Contact = { [K in keyof ContactInput]?: string };

/** A valid order, every amount in integer cents. */
export interface Order extends Contact {
  orderId: string;
  email: string;
  items: OrderItem[];
  tax: number;
  shipping: number;
  handling: number;
  discount: number;
  total: number;
  currency?: string;
  partner?: ReferralParams;
}

/** A valid order, or why not: `reason` is `refusal` as one line of text. */
export type OrderResult = { ok: true; order: Order } | { ok: false; reason: string; refusal: Refusal };

/** The contact fields, in the order they go on the wire. */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'phone',
] as const;

// An UltraCart token the receipt did not replace ("[CustomField1]") means "no value".
const TOKEN = /^\[\w+\]$/;
const EMAIL = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:]+$/;

/** Trimmed text of at most `max` characters, or undefined for empty, tokens and non-text. */
export function text(value: unknown, max = 255): string | undefined {
  const s = typeof value == 'number' && isFinite(value) ? String(value) : value;
  if (typeof s != 'string') return undefined;
  const t = s.trim();
  // Control characters never belong in a field; refusing them keeps logs and CRMs clean.
  // eslint-disable-next-line no-control-regex
  return t && t.length <= max && !TOKEN.test(t) && !/[\0-\x1f\x7f]/.test(t) ? t : undefined;
}

/** Missing, empty or an unreplaced receipt token: an optional field the receipt left out. */
const absent = (v: unknown) => v == null || (typeof v == 'string' && !text(v));

const MAX_ITEMS = 100;
const MAX_CENTS = 1e12;
const MAX_QTY = 100000;

const AMOUNTS = ['tax', 'shipping', 'handling', 'discount'] as const;

/**
 * Checks an order of any shape; never throws. A refusal names the field, echoes its value and
 * gives the likely cause, so the debug report points the merchant at the token to fix.
 */
export function readOrder(input: unknown): OrderResult {
  const fail = (field: string, value: unknown, cause: Cause, expected?: string): OrderResult => {
    const refusal: Refusal = { field, value, cause, expected };
    return { ok: false, reason: refusalText(refusal), refusal };
  };
  const o = (input || {}) as Record<string, unknown>;
  const orderId = text(o.orderId, 64);
  if (!orderId || orderId == '0') return fail('orderId', o.orderId, textCause(o.orderId, 'not-id'));
  const email = text(o.email, 254);
  if (!email || !EMAIL.test(email)) return fail('email', o.email, textCause(o.email, 'not-email'));

  const list = o.items;
  if (!Array.isArray(list) || !list.length || list.length > MAX_ITEMS) return fail('items', list, 'items-count');
  const items: OrderItem[] = [];
  let subtotal = 0;
  for (let i = 0; i < list.length; i++) {
    const it = (list[i] || {}) as Record<string, unknown>;
    const at = `items[${i}].`;
    const id = text(it.id, 64);
    const price = toCents(it.price);
    const q = it.quantity;
    const quantity = absent(q) ? 1 : typeof q == 'number' ? q : typeof q == 'string' && /^\d+$/.test(q.trim()) ? +q : NaN;
    if (!id) return fail(at + 'id', it.id, textCause(it.id, 'not-id'));
    if (price == null) return fail(at + 'price', it.price, amountCause(it.price));
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QTY)
      return fail(at + 'quantity', q, textCause(q, 'not-whole'));
    const item: OrderItem = { id, price, quantity };
    const name = text(it.name, 128);
    if (name) item.name = name;
    items.push(item);
    subtotal += price * quantity;
  }

  const order = { orderId, email, items, total: subtotal } as Order;
  for (const k of AMOUNTS) {
    const cents = absent(o[k]) ? 0 : toCents(o[k]);
    if (cents == null) return fail(k, o[k], amountCause(o[k]));
    order[k] = cents;
    order.total += k == 'discount' ? -cents : cents;
  }
  if (order.discount > subtotal) return fail('discount', o.discount, 'over-subtotal', formatCents(subtotal));
  // Beyond this, sums of cents stop being exact doubles; no real order comes near it.
  // The items' sum is named when it is what passes the bound, even if a discount brings the total under it.
  const most = Math.max(subtotal, order.total);
  if (most > MAX_CENTS) return fail(most == subtotal ? 'items' : 'total', formatCents(most), 'too-large');
  if (!absent(o.total)) {
    const given = toCents(o.total);
    if (given == null) return fail('total', o.total, amountCause(o.total));
    if (given != order.total) return fail('total', o.total, 'mismatch', formatCents(order.total));
  }
  for (const k of CONTACT_FIELDS) {
    const v = text(o[k]);
    if (v) order[k] = v;
  }
  // The pixel carries no currency: only the debug report and the npm API show it.
  const currency = DIAGNOSTICS && text(o.currency, 3);
  // Stryker disable next-line Regex: text(_, 3) leaves at most 3 characters, so 3 letters at either end are the whole value
  if (currency && /^[a-z]{3}$/i.test(currency)) order.currency = currency.toUpperCase();
  const p = o.partner as Record<string, unknown> | undefined;
  // Any value: a number or a text has no orid, so no partner is read from it.
  const partner = p && parseReferral((k) => p[k]);
  if (partner) order.partner = partner;
  return { ok: true, order };
}
