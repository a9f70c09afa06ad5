/**
 * Step 3 of the flow, pure: the one home of the wire format (docs/wire.md §4). It builds the sale
 * pixel's query from an order and a referral, and parses a query back, so the simulated
 * ONTRAPORT reads exactly what the library writes.
 */
import { formatCents, toCents } from './money.js';
import { CONTACT_FIELDS, text, type Contact, type Order, type OrderItem } from './order.js';
import { parseReferral, type ReferralParams } from './referral.js';

/** The contact fields a pixel carries besides the email, in wire order (for servers and harnesses). */
export { CONTACT_FIELDS };
// The bridge checks ONTRAPORT_PIXEL_HOST with the same rule as the tags' destination.
export { checkHost } from './host.js';

/**
 * Query keys of the pixel; docs/wire.md §4 marks each. Confirmed by ONTRAPORT: `order_id`,
 * `email`, `aff_only`, the item keys for N >= 2, `tax`, `shipping_amt`. Seen only in a
 * third-party plugin: `item_qty_`, `item_external_id_`, the item keys for N = 1. Inferred: the
 * contact fields and the referral keys. Override any that differ from the snippet under
 * Administration > Developer preferences > "Get partner tracking pixel". Item keys are
 * prefixes numbered from 1.
 */
export const DEFAULT_KEYS = {
  orderId: 'order_id',
  email: 'email',
  affOnly: 'aff_only',
  firstName: 'firstname',
  lastName: 'lastname',
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
  phone: 'phone',
  itemId: 'item_id_',
  itemPrice: 'item_price_',
  itemQty: 'item_qty_',
  itemName: 'item_external_id_',
  tax: 'tax',
  shipping: 'shipping_amt',
  orid: 'orid',
  sid: 'sid',
  opid: 'opid',
};

export type WireKeys = typeof DEFAULT_KEYS;

/** What one pixel says, amounts in integer cents. */
export interface PixelPayload extends Contact {
  /** `"0"` for a contact-and-partner-only pixel (`aff_only=1`). */
  orderId: string;
  email: string;
  affOnly?: boolean;
  items: OrderItem[];
  tax: number;
  /** Shipping plus handling. */
  shipping: number;
  referral?: ReferralParams;
}

/**
 * Spreads an order-level discount over the lines, so that unit price x quantity + tax +
 * shipping still equals the grand total to the cent. Each line takes the floor of its
 * proportional share, the cents left over go one by one to the lines from the first on, and
 * a share that does not divide by the quantity splits the line in two lines of the same
 * product whose unit prices differ by one cent.
 */
export function spreadDiscount(items: OrderItem[], discount: number): OrderItem[] {
  if (!discount) return items;
  const value = (i: OrderItem) => i.price * i.quantity;
  const subtotal = items.reduce((s, i) => s + value(i), 0);
  // BigInt: discount x line value can pass 2^53, where doubles would round the cents.
  const shares = items.map((i) => Number((BigInt(discount) * BigInt(value(i))) / BigInt(subtotal)));
  let left = discount - shares.reduce((a, b) => a + b, 0);
  // Fewer cents are left than there are lines, and a line with a share below its value can
  // always take one more, so one pass settles it.
  shares.forEach((s, n) => left > 0 && s < value(items[n]) && (shares[n]++, left--));
  return items.flatMap((item, n) => {
    const per = Math.floor(shares[n] / item.quantity);
    const odd = shares[n] % item.quantity;
    return [
      { ...item, price: item.price - per, quantity: item.quantity - odd },
      { ...item, price: item.price - per - 1, quantity: odd },
    ].filter((line) => line.quantity);
  });
}

/** The payload of a sale pixel: the order's referral beats the one from the cookie. */
export function toPayload(order: Order, referral?: ReferralParams): PixelPayload {
  const payload: PixelPayload = {
    orderId: order.orderId,
    email: order.email,
    items: spreadDiscount(order.items, order.discount),
    tax: order.tax,
    shipping: order.shipping + order.handling,
  };
  for (const k of CONTACT_FIELDS) if (order[k]) payload[k] = order[k];
  const ref = order.partner || referral;
  if (ref) payload.referral = ref;
  return payload;
}

/** Grand total a payload stands for, in cents. */
export const payloadTotal = (p: PixelPayload): number =>
  p.items.reduce((s, i) => s + i.price * i.quantity, p.tax + p.shipping);

/** The query string of the pixel, keys in a stable order. */
export function buildQuery(p: PixelPayload, keys: WireKeys = DEFAULT_KEYS): string {
  const q = new URLSearchParams();
  const add = (k: string, v: string | undefined) => v && q.append(k, v);
  add(keys.orderId, p.affOnly ? '0' : p.orderId);
  if (p.affOnly) add(keys.affOnly, '1');
  add(keys.email, p.email);
  for (const k of CONTACT_FIELDS) add(keys[k], p[k]);
  if (!p.affOnly) {
    p.items.forEach((item, i) => {
      add(keys.itemId + (i + 1), item.id);
      add(keys.itemPrice + (i + 1), formatCents(item.price));
      add(keys.itemQty + (i + 1), String(item.quantity));
      add(keys.itemName + (i + 1), item.name);
    });
    add(keys.tax, formatCents(p.tax));
    add(keys.shipping, formatCents(p.shipping));
  }
  const r = p.referral;
  if (r) {
    add(keys.orid, r.orid);
    add(keys.sid, r.sid);
    add(keys.opid, r.opid);
  }
  return q.toString();
}

/** The full pixel URL on the merchant's ONTRAPORT tracking origin (see `checkHost`). */
export const pixelUrl = (origin: string, query: string): string => `${origin}/p?${query}`;

export type ParseResult = { ok: true; payload: PixelPayload } | { ok: false; reason: string };

/** Reads a pixel query back; the simulated ONTRAPORT parses with this and nothing else. */
export function parseQuery(
  query: string | URLSearchParams,
  keys: WireKeys = DEFAULT_KEYS,
): ParseResult {
  // Stryker disable next-line ConditionalExpression: new URLSearchParams(params) is a copy of params
  const q = typeof query == 'string' ? new URLSearchParams(query) : query;
  const get = (k: string) => q.get(k);
  const fail = (reason: string): ParseResult => ({ ok: false, reason });
  const affOnly = get(keys.affOnly) == '1';
  const orderId = text(get(keys.orderId), 64);
  if (!orderId) return fail(`${keys.orderId} is missing`);
  const email = text(get(keys.email), 254);
  if (!email) return fail(`${keys.email} is missing`);
  const items: OrderItem[] = [];
  for (let n = 1; get(keys.itemId + n) != null; n++) {
    const id = text(get(keys.itemId + n), 64);
    const price = toCents(get(keys.itemPrice + n));
    const qty = get(keys.itemQty + n);
    const quantity = qty == null ? 1 : +qty;
    if (!id || price === undefined || !Number.isInteger(quantity) || quantity < 1)
      return fail(`item ${n} is malformed`);
    const item: OrderItem = { id, price, quantity };
    const name = text(get(keys.itemName + n), 128);
    if (name) item.name = name;
    items.push(item);
  }
  const money = (k: string) => {
    const v = get(k);
    return v == null ? 0 : toCents(v);
  };
  const tax = money(keys.tax);
  const shipping = money(keys.shipping);
  if (tax === undefined || shipping === undefined) return fail('tax or shipping is malformed');
  if (!affOnly && (orderId == '0' || !items.length)) return fail('a sale needs an order id and items');
  const payload: PixelPayload = { orderId, email, items, tax, shipping };
  if (affOnly) payload.affOnly = true;
  for (const k of CONTACT_FIELDS) {
    const v = text(get(keys[k]));
    if (v) payload[k] = v;
  }
  const referral = parseReferral((k) => get(keys[k as 'orid' | 'sid' | 'opid']));
  if (referral) payload.referral = referral;
  return { ok: true, payload };
}
