/**
 * The one home of every mapping between UltraCart and ONTRAPORT. What rests on a vendor's own
 * docs or SDK is marked confirmed in docs/bridge.md; what rests on a third-party client or on
 * our reading is marked seen or unknown there, and every such choice is a field of `Mapping`,
 * so a merchant can override it without touching code.
 */
import { buildQuery, DEFAULT_KEYS, formatCents, parseReferral, pixelUrl, readOrder, toCents, toPayload, type Order, type ReferralParams, type WireKeys } from 'partner-pixel/wire';
import type { Attribution, PartnerFields } from './config.js';
import type { UltraCartItem, UltraCartOrder } from './ultracart.js';

export interface Mapping {
  /** Order custom fields holding the referral. @defaultValue orid:custom_field1, sid:2, opid:3 */
  partnerFields: PartnerFields;
  /** `payment.payment_status` values that make a sale. @defaultValue ['Processed'] */
  paidStatuses: string[];
  /** Currencies accepted for a sale (ONTRAPORT records amounts without one). @defaultValue ISO 4217 majors */
  currencies: string[];
  /** Pixel query keys. @defaultValue DEFAULT_KEYS of `partner-pixel/wire` */
  wireKeys: WireKeys;
  /** ONTRAPORT product field that holds the merchant item id, the stable match key [seen]. @defaultValue 'sku' */
  productKeyField: string;
  /** ONTRAPORT transaction field holding UltraCart's order id [seen]. @defaultValue 'external_order_id' */
  orderIdField: string;
  /**
   * Appended to the order id on a declined payment's transaction, so the decline and the sale
   * of one order (a card declined, then another accepted) are two look-ups: a retry of either
   * finds its own transaction, never the other's [ours]. @defaultValue ' (declined)'
   */
  declinedOrderIdSuffix: string;
  /** ONTRAPORT object type id of transactions, for refund and void [seen]. @defaultValue 46 */
  transactionObjectId: number;
  /** Skip UltraCart kit components: the kit's own line carries the price [inferred]. @defaultValue true */
  skipKitComponents: boolean;
}

export const DEFAULT_MAPPING: Mapping = {
  partnerFields: { orid: 'custom_field1', sid: 'custom_field2', opid: 'custom_field3' },
  paidStatuses: ['Processed'],
  currencies: ['USD', 'CAD', 'EUR', 'GBP', 'AUD', 'NZD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'MXN', 'BRL', 'ZAR', 'INR', 'SGD', 'HKD'],
  wireKeys: DEFAULT_KEYS,
  productKeyField: 'sku',
  orderIdField: 'external_order_id',
  declinedOrderIdSuffix: ' (declined)',
  transactionObjectId: 46,
  skipKitComponents: true,
};

/** One sale, amounts in integer cents; `order` is the wire module's normalised order. */
export interface Sale {
  /** `partner` is the referral credited under the attribution setting. */
  order: Order;
  /** Every referral the order carries, for the contact's first and last referrer. */
  referrals: OrderReferrals;
  currency: string;
  paymentStatus: string;
  test: boolean;
  /** Cents already refunded by UltraCart (`summary.total_refunded`). */
  refunded: number;
}

export type SaleResult = { ok: true; sale: Sale } | { ok: false; reason: string };

const cents = (m: { value: number } | undefined, field: string): number | string =>
  m == undefined ? 0 : toCents(m.value) ?? `${field} ${JSON.stringify(m.value)} is not an amount >= 0 with at most 2 decimals`;

const str = (v: unknown) => (typeof v == 'string' ? v : typeof v == 'number' ? String(v) : undefined);

/** The last (or only) and, when mapped and present, the first referral an order carries. */
export interface OrderReferrals { last?: ReferralParams; first?: ReferralParams }

/** The referrals from the order's custom fields, per `partnerFields`; invalid values read as none. */
export function orderReferrals(order: UltraCartOrder, fields: PartnerFields): OrderReferrals {
  const checkout = (order.checkout || {}) as Record<string, unknown>;
  const read = (prefix: '' | 'first_') => parseReferral((k) => {
    const field = fields[(prefix + k) as keyof PartnerFields];
    return field ? str(checkout[field])?.trim() : undefined;
  });
  const out: OrderReferrals = {};
  const last = read('');
  const first = read('first_');
  if (last) out.last = last;
  if (first) out.first = first;
  return out;
}

/** The referral a sale credits: the one asked for when the order carries both, else the one it has. */
export const creditedReferral = (r: OrderReferrals, attribution: Attribution): ReferralParams | undefined =>
  attribution == 'first' ? r.first ?? r.last : r.last ?? r.first;

/**
 * An UltraCart order (with the item, summary, billing, checkout and payment expansions) as a
 * sale that reconciles to the cent with `summary.total`, or one reason naming the field.
 */
export function orderToSale(uc: UltraCartOrder, mapping: Mapping = DEFAULT_MAPPING, attribution: Attribution = 'last'): SaleResult {
  const fail = (reason: string): SaleResult => ({ ok: false, reason });
  const summary = uc.summary;
  if (!summary) return fail('summary is missing: add the summary expansion to the webhook');
  if (!uc.items?.length) return fail('items are missing: add the item expansion to the webhook');
  const currency = (uc.currency_code || summary.total.currency_code || '').toUpperCase();
  if (!mapping.currencies.includes(currency)) return fail(`currency_code ${JSON.stringify(uc.currency_code ?? null)} is not one of the accepted currencies`);
  const amounts: Record<string, number> = {};
  for (const [k, v] of Object.entries({ tax: summary.tax, shipping: summary.shipping_handling_total, subtotalDiscount: summary.subtotal_discount, shippingDiscount: summary.shipping_handling_total_discount, total: summary.total, refunded: summary.total_refunded })) {
    const c = cents(v, `summary.${k}`);
    if (typeof c == 'string') return fail(c);
    amounts[k] = c;
  }
  const lines = uc.items.filter((i) => !(mapping.skipKitComponents && i.kit_component));
  const items = [];
  for (const [n, item] of lines.entries()) {
    const price = cents(item.cost, `items[${n}].cost`);
    if (typeof price == 'string') return fail(price);
    items.push({ id: item.merchant_item_id, price: formatCents(price), quantity: item.quantity, name: item.description });
  }
  const billing = (uc.billing || {}) as Record<string, unknown>;
  const referrals = orderReferrals(uc, mapping.partnerFields);
  const input = {
    orderId: uc.order_id,
    email: str(billing.email),
    firstName: str(billing.first_name),
    lastName: str(billing.last_name),
    address: [str(billing.address1), str(billing.address2)].filter(Boolean).join(', ') || undefined,
    city: str(billing.city),
    state: str(billing.state_region),
    zip: str(billing.postal_code),
    country: str(billing.country_code),
    phone: str(billing.day_phone),
    items,
    tax: formatCents(amounts.tax),
    // UltraCart's shipping_handling_total is shipping and handling together, as the pixel's shipping_amt.
    shipping: formatCents(amounts.shipping),
    // Both discounts are order-level; the pixel spreads them over the item lines.
    discount: formatCents(amounts.subtotalDiscount + amounts.shippingDiscount),
    total: formatCents(amounts.total),
    partner: creditedReferral(referrals, attribution),
  };
  const checked = readOrder(input);
  if (!checked.ok) return fail(checked.reason.replace(/^total /, 'summary.total ').replace(/^email/, 'billing.email'));
  return {
    ok: true,
    sale: { order: checked.order, referrals, currency, paymentStatus: uc.payment?.payment_status || '', test: !!uc.payment?.test_order, refunded: amounts.refunded },
  };
}

/** The server-side sale pixel URL, built by `partner-pixel/wire` like the receipt tag's. */
export const salePixelUrl = (sale: Sale, origin: string, mapping: Mapping = DEFAULT_MAPPING): string =>
  pixelUrl(origin, buildQuery(toPayload(sale.order), mapping.wireKeys));

/**
 * `Contacts/saveorupdate` fields (form-encoded, merges on email); referrers by ONTRAPORT's rule:
 * a new contact's first referrer is the order's first referral when it carries one; the last
 * referrer is its last one; an order with a single referral gives it to both.
 */
export function contactFields(sale: Sale, isNew: boolean): Record<string, string> {
  const o = sale.order;
  const fields: Record<string, string | undefined> = {
    email: o.email, firstname: o.firstName, lastname: o.lastName, address: o.address,
    city: o.city, state: o.state, zip: o.zip, country: o.country, sms_number: o.phone,
  };
  // A new contact gets first = last referrer; an existing one only has last referrer changed.
  if (o.partner) {
    fields.lreferrer = (sale.referrals.last ?? o.partner).orid;
    if (isNew) fields.freferrer = (sale.referrals.first ?? o.partner).orid;
  }
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => !!e[1]));
}

/** The net a sale stands for after refunds, spread back over the lines as one adjustment. */
export const netCents = (sale: Sale): number => Math.max(0, sale.order.total - sale.refunded);

/**
 * `transaction/processManual` body: record without charging (`chargeLog`), no invoice e-mail.
 * `net` below the order's total (a partial refund) logs one line per product at the original
 * prices plus a negative-free "net" by lowering the last prices, so the total is the net.
 */
export function transactionBody(sale: Sale, contactId: string, productIds: Record<string, string>, mapping: Mapping = DEFAULT_MAPPING, net = sale.order.total) {
  const payload = toPayload(sale.order);
  let over = payloadTotal(payload) - net;
  const products = payload.items.map((item) => ({ id: productIds[item.id], quantity: item.quantity, price: item.price }));
  // A partial refund: take the refunded cents off the lines from the last one back.
  for (let n = products.length - 1; n >= 0 && over > 0; n--) {
    const line = products[n].price * products[n].quantity;
    const cut = Math.min(over, line);
    products[n] = { ...products[n], quantity: 1, price: line - cut };
    over -= cut;
  }
  const tax = Math.max(0, payload.tax - over);
  over -= payload.tax - tax;
  const shipping = Math.max(0, payload.shipping - over);
  return {
    contact_id: contactId,
    chargeNow: 'chargeLog',
    invoice_template: -1,
    [mapping.orderIdField]: sale.order.orderId,
    offer: {
      products: products.map((p) => ({ id: p.id, quantity: p.quantity, price: [{ price: formatCents(p.price) }] })),
      taxes: tax ? [{ amount: formatCents(tax) }] : [],
      shipping: shipping ? [{ price: formatCents(shipping) }] : [],
      subTotal: formatCents(products.reduce((s, p) => s + p.price * p.quantity, 0)),
      grandTotal: formatCents(net),
    },
  };
}

const payloadTotal = (p: ReturnType<typeof toPayload>) => p.items.reduce((s, i) => s + i.price * i.quantity, p.tax + p.shipping);

/** An UltraCart item as ONTRAPORT product fields, matched by merchant item id, never by name. */
export function productFields(item: UltraCartItem, mapping: Mapping = DEFAULT_MAPPING): Record<string, string> | string {
  const price = item.pricing?.cost ? toCents(item.pricing.cost.value) : 0;
  if (price === undefined) return `pricing.cost ${JSON.stringify(item.pricing?.cost?.value)} is not an amount >= 0`;
  const name = (item.description || item.merchant_item_id).replace(/[\0-\x1f\x7f]/g, ' ').trim().slice(0, 255); // eslint-disable-line no-control-regex
  return { name, price: formatCents(price), [mapping.productKeyField]: item.merchant_item_id };
}
