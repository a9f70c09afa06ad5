/**
 * A store order as UltraCart's webhooks carry it: the order object with the item, summary,
 * billing, checkout, payment and coupon expansions, field names as UltraCart's REST SDK
 * models name them (docs/ultracart.md), money as `{ value, currency_code, ... }` in currency
 * units. Also the item object of `item_create`.
 */
import type { Product, StoreOrder } from './pricing.js';
import { simOrder } from './webhooks.js';

const units = (cents: number) => Math.round(cents) / 100;

/** `checkout.custom_field1`.. from the order's `CustomField1`..`7` (empty ones left out). */
function customFieldObject(order: StoreOrder): Record<string, string> {
  return Object.fromEntries(order.customFields.map((v, n) => [`custom_field${n + 1}`, v] as const).filter(([, v]) => v));
}

/** The order object of a store order (through {@link simOrder}); `paymentStatus` is `payment.payment_status`. */
export function ultracartOrder(order: StoreOrder, paymentStatus: 'Processed' | 'Declined' | 'Refunded' = 'Processed') {
  const refunded = order.refunds.reduce((s, r) => s + r.amount, 0);
  return simOrder({
    orderId: order.orderId,
    email: order.email,
    items: order.items.map((item) => ({ id: item.id, description: item.name, cost: units(item.price), quantity: item.quantity })),
    tax: units(order.tax),
    shippingHandling: units(order.shipping + order.handling),
    discount: units(order.discount),
    refunded: units(refunded),
    paymentStatus,
    customFields: customFieldObject(order),
    coupon: order.coupon,
    billing: {
      first_name: order.firstName, last_name: order.lastName, address1: order.address, city: order.city,
      state_region: order.state, postal_code: order.zip, country_code: order.country, day_phone: order.phone,
    },
    createdAt: order.createdAt,
    refundedAt: refunded ? order.refunds.at(-1)!.at : undefined,
    stage: paymentStatus == 'Declined' ? 'Accounts Receivable' : undefined,
    testOrder: true,
  });
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
