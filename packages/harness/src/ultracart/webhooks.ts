/**
 * The simulated UltraCart webhook sender: POSTs the real envelope `{"events": [{"<name>": obj}]}`
 * with basic auth to a URL, and keeps redelivering what was not answered 2xx (as UltraCart's
 * `pending` / `next_retry_after` state implies). Also builds realistic order objects.
 */

export interface WebhookEvent { name: string; object: unknown }

export interface WebhookSenderOptions {
  url: string;
  user: string;
  password: string;
  /** Events per POST (UltraCart's `maximum_events`). @defaultValue 10 */
  maxEvents?: number;
  /** Told when a POST starts and when it ends (a test kills the receiver in between). */
  onPost?: (phase: 'start' | 'end') => void;
}

export function createWebhookSender(o: WebhookSenderOptions) {
  const pending: WebhookEvent[] = [];
  const auth = 'Basic ' + Buffer.from(`${o.user}:${o.password}`).toString('base64');
  let posts = 0;
  let failures = 0;
  /** One POST of the events given; true when answered 2xx. */
  async function post(events: WebhookEvent[]): Promise<boolean> {
    posts++;
    o.onPost?.('start');
    try {
      const response = await fetch(o.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: auth },
        body: JSON.stringify({ events: events.map((e) => ({ [e.name]: e.object })) }),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // A refused or dropped connection is a failed delivery like any non-2xx.
    } finally {
      o.onPost?.('end');
    }
    failures++;
    return false;
  }
  return {
    queue(...events: WebhookEvent[]) { pending.push(...events); },
    /** Tries to deliver everything pending once, in batches; what fails stays pending. */
    async deliver(): Promise<number> {
      const batch = pending.splice(0, pending.length);
      const size = o.maxEvents ?? 10;
      for (let i = 0; i < batch.length; i += size) {
        const events = batch.slice(i, i + size);
        if (!(await post(events))) pending.push(...events);
      }
      return pending.length;
    },
    /** Sends events again even though they were delivered (UltraCart may redeliver). */
    redeliver: (events: WebhookEvent[]) => post(events),
    pending: () => pending.length,
    stats: () => ({ posts, failures }),
  };
}

const money = (value: number, currency = 'USD') => ({ value, currency_code: currency, localized: value, localized_formatted: `$${value.toFixed(2)}`, exchange_rate: 1 });

export interface SimOrderInput {
  orderId: string;
  email: string;
  items: { id: string; description?: string; cost: number; quantity: number }[];
  tax?: number;
  shippingHandling?: number;
  discount?: number;
  refunded?: number;
  paymentStatus?: string;
  customFields?: Record<string, string>;
  coupon?: string;
  currency?: string;
  /** The buyer (`billing`). @defaultValue Ada Lovelace of Springfield, IL */
  billing?: Record<string, string | undefined>;
  /** `creation_dts`. @defaultValue '2026-12-01T12:00:00-05:00' */
  createdAt?: string;
  /** `refund_dts`, present only when given. */
  refundedAt?: string;
  /** `current_stage`. @defaultValue 'Shipping Department' */
  stage?: string;
  /** `payment.test_order`. @defaultValue false */
  testOrder?: boolean;
}

const BILLING = { email: '', first_name: 'Ada', last_name: 'Lovelace', address1: '1 Main St', city: 'Springfield', state_region: 'IL', postal_code: '62701', country_code: 'US', day_phone: '217 555 0100' };

/** An UltraCart order object with the item, summary, billing, checkout, payment and coupon expansions. */
export function simOrder(i: SimOrderInput) {
  const currency = i.currency ?? 'USD';
  const subtotal = Math.round(i.items.reduce((s, it) => s + it.cost * 100 * it.quantity, 0)) / 100;
  const total = Math.round((subtotal - (i.discount ?? 0) + (i.tax ?? 0) + (i.shippingHandling ?? 0)) * 100) / 100;
  return {
    order_id: i.orderId,
    merchant_id: 'DEMO',
    currency_code: currency,
    current_stage: i.stage ?? 'Shipping Department',
    creation_dts: i.createdAt ?? '2026-12-01T12:00:00-05:00',
    ...(i.refundedAt ? { refund_dts: i.refundedAt } : {}),
    items: i.items.map((it, n) => ({ merchant_item_id: it.id, description: it.description ?? it.id, quantity: it.quantity, item_index: n + 1, cost: money(it.cost, currency), kit_component: false })),
    summary: {
      subtotal: money(subtotal, currency),
      subtotal_discount: money(i.discount ?? 0, currency),
      tax: money(i.tax ?? 0, currency),
      shipping_handling_total: money(i.shippingHandling ?? 0, currency),
      shipping_handling_total_discount: money(0, currency),
      total: money(total, currency),
      total_refunded: money(i.refunded ?? 0, currency),
    },
    billing: { ...BILLING, ...i.billing, email: i.email },
    checkout: { ...i.customFields },
    payment: { payment_method: 'Credit Card', payment_status: i.paymentStatus ?? 'Processed', test_order: i.testOrder ?? false },
    coupons: i.coupon ? [{ coupon_code: i.coupon }] : [],
  };
}
