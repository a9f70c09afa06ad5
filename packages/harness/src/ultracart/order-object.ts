/**
 * A store order as UltraCart's webhooks carry it: the order object with the item, summary,
 * billing, checkout, payment and coupon expansions, field names as UltraCart's REST SDK
 * models name them (docs/ultracart.md), money as `{ value, currency_code, ... }` in currency
 * units. Also the item object of `item_create`.
 */
import type { Product, StoreOrder } from './pricing.js';

const units = (cents: number) => Math.round(cents) / 100;
const money = (cents: number) => {
  const value = units(cents);
  return { value, currency_code: 'USD', localized: value, localized_formatted: `$${value.toFixed(2)}`, exchange_rate: 1 };
};

/** `checkout.custom_field1`.. from the order's `CustomField1`..`7` (empty ones left out). */
function customFieldObject(order: StoreOrder): Record<string, string> {
  return Object.fromEntries(order.customFields.map((v, n) => [`custom_field${n + 1}`, v] as const).filter(([, v]) => v));
}

/** The order object; `paymentStatus` is UltraCart's `payment.payment_status`. */
export function ultracartOrder(order: StoreOrder, paymentStatus: 'Processed' | 'Declined' | 'Refunded' = 'Processed') {
  const refunded = order.refunds.reduce((s, r) => s + r.amount, 0);
  return {
    order_id: order.orderId,
    merchant_id: 'DEMO',
    currency_code: 'USD',
    current_stage: paymentStatus == 'Declined' ? 'Accounts Receivable' : 'Shipping Department',
    creation_dts: order.createdAt,
    ...(refunded ? { refund_dts: order.refunds.at(-1)!.at } : {}),
    items: order.items.map((item, n) => ({
      merchant_item_id: item.id, description: item.name, quantity: item.quantity, item_index: n + 1, cost: money(item.price), kit_component: false,
    })),
    summary: {
      subtotal: money(order.subtotal),
      subtotal_discount: money(order.discount),
      tax: money(order.tax),
      shipping_handling_total: money(order.shipping + order.handling),
      shipping_handling_total_discount: money(0),
      total: money(order.total),
      total_refunded: money(refunded),
    },
    billing: {
      email: order.email, first_name: order.firstName, last_name: order.lastName, address1: order.address, city: order.city,
      state_region: order.state, postal_code: order.zip, country_code: order.country, day_phone: order.phone,
    },
    checkout: customFieldObject(order),
    payment: { payment_method: 'Credit Card', payment_status: paymentStatus, test_order: true },
    coupons: order.coupon ? [{ coupon_code: order.coupon }] : [],
  };
}

/** The item object of `item_create` / `item_update`, with the pricing expansion. */
export function ultracartItem(product: Product, modified = new Date().toISOString()) {
  return {
    merchant_item_id: product.id,
    description: product.name,
    inactive: false,
    last_modified_dts: modified,
    pricing: { cost: { value: units(product.price), currency_code: 'USD' } },
  };
}
