/**
 * UltraCart's shapes, as its REST SDK models name them, checked with zod. Only the fields the
 * bridge reads are declared; everything else UltraCart sends passes through untouched.
 */
import { z } from 'zod';

/** The webhook body: `{"events": [{"<event_name>": {...}}, ...]}`. */
export const Envelope = z.object({
  events: z.array(z.record(z.string(), z.unknown()).refine((e) => Object.keys(e).length == 1, 'each event is an object with exactly one key, the event name')).min(1),
});

/** UltraCart money: `{ value: 32.85, currency_code: "USD", ... }`, value in currency units. */
const Money = z.looseObject({ value: z.number(), currency_code: z.string().optional() });
const Text = (max: number) => z.string().max(max);

export const OrderItem = z.looseObject({
  merchant_item_id: Text(64),
  description: Text(2000).optional(),
  quantity: z.number(),
  cost: Money,
  kit_component: z.boolean().optional(),
});

export const Order = z.looseObject({
  order_id: Text(64).min(1),
  currency_code: Text(8).optional(),
  items: z.array(OrderItem).max(500).optional(),
  summary: z
    .looseObject({
      subtotal: Money.optional(),
      subtotal_discount: Money.optional(),
      tax: Money.optional(),
      shipping_handling_total: Money.optional(),
      shipping_handling_total_discount: Money.optional(),
      total: Money,
      total_refunded: Money.optional(),
    })
    .optional(),
  billing: z.looseObject({}).catchall(z.unknown()).optional(),
  checkout: z.looseObject({}).catchall(z.unknown()).optional(),
  payment: z.looseObject({ payment_status: z.string().optional(), test_order: z.boolean().optional() }).optional(),
  coupons: z.array(z.looseObject({ coupon_code: z.string().optional() })).optional(),
});
export type UltraCartOrder = z.infer<typeof Order>;

export const Item = z.looseObject({
  merchant_item_id: Text(64).min(1),
  description: Text(2000).optional(),
  inactive: z.boolean().optional(),
  last_modified_dts: z.string().optional(),
  pricing: z.looseObject({ cost: Money.optional() }).optional(),
});
export type UltraCartItem = z.infer<typeof Item>;

/** A zod error as one line naming the field: `summary.total.value: expected number`. */
export const explain = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
    .join('; ');
