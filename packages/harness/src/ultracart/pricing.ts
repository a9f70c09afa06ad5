/**
 * The simulated UltraCart's money rules, pure: catalog, test cards, coupons, tax, shipping
 * and handling, and the shape of a processed order.
 */
import type { Contact } from 'partner-pixel/wire';

/** A product of the store's catalog; `id` is the SKU ONTRAPORT knows it by. */
export interface Product {
  id: string;
  name: string;
  /** Unit price in cents. */
  price: number;
}

export const DEFAULT_CATALOG: Product[] = [
  { id: 'SKU-1', name: 'Starter Kit', price: 1995 },
  { id: 'SKU-2', name: 'Pro Course', price: 4900 },
  { id: 'SKU-3', name: 'Coaching Session', price: 12000 },
];

/** Test cards, as a payment gateway's sandbox has them. */
export const TEST_CARDS = { approve: '4111111111111111', decline: '4000000000000002' } as const;

/** The test buyer the sandbox's "Fill test buyer" button and the fixtures' checkout use. */
export const TEST_BUYER = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  address: '1 Main St',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  country: 'US',
} as const;

/** Coupons the store accepts: code -> cents off the order. */
export const COUPONS: Record<string, number> = { SAVE5: 500 };

/** Tax 8% of the discounted subtotal, half-cents rounded up; flat shipping and handling. */
export const TAX_PERCENT = 8;
export const SHIPPING = 500;
export const HANDLING = 100;

/** The buyer's details from the checkout form. */
export interface Buyer extends Contact {
  email: string;
  firstName: string;
  lastName: string;
}

export interface StoreOrderItem extends Product {
  quantity: number;
}

/** A refund as the store's admin recorded it. */
export interface StoreRefund {
  /** Cents. */
  amount: number;
  full: boolean;
  /** Whether it reached ONTRAPORT: only full refunds do, as the original integration; every one through the bridge. */
  propagated: boolean;
  /** Sent to the bridge by the `order_refund` webhook (tag + bridge). */
  viaBridge?: true;
  at: string;
}

/** A processed (approved) order; amounts in cents. */
export interface StoreOrder extends Buyer {
  orderId: string;
  items: StoreOrderItem[];
  subtotal: number;
  coupon?: string;
  discount: number;
  tax: number;
  shipping: number;
  handling: number;
  total: number;
  /** `CustomField1`..`CustomField7`, as UltraCart's custom-field tracking filled them ('' when empty). */
  customFields: string[];
  refunds: StoreRefund[];
  createdAt: string;
}

/** The amounts of an order of `items`, with an optional coupon's discount. */
export function priceOrder(items: StoreOrderItem[], discountCents = 0) {
  const subtotal = items.reduce((s, i) => s + i.price * i.quantity, 0);
  const discount = Math.min(discountCents, subtotal);
  const tax = Math.floor(((subtotal - discount) * TAX_PERCENT + 50) / 100);
  const total = subtotal - discount + tax + SHIPPING + HANDLING;
  return { subtotal, discount, tax, shipping: SHIPPING, handling: HANDLING, total };
}
