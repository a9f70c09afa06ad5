/**
 * The store's processed orders, pure state: numbering, lookup, and refunds, of which only a
 * full one reaches ONTRAPORT, as in the original integration; with the bridge, every refund
 * goes to the bridge's webhook instead, partial ones too.
 */
import type { RefundOutcome } from '../ontraport/types.js';
import type { StoreOrder } from './pricing.js';

/** What a store refund did. */
export type StoreRefundResult =
  | { ok: true; orderId: string; amount: number; full: boolean; propagated: boolean; ontraport?: RefundOutcome; viaBridge?: true }
  | { ok: false; orderId: string; reason: string };

/** 2026-01-01T00:00:00Z: the clock numbers count from here so they stay eleven digits for years. */
const CLOCK_EPOCH = Date.UTC(2026, 0, 1);

/**
 * A first order number that no earlier run used: the milliseconds since 2026 when the run
 * started. A run that took its numbers from t and placed k orders has used t..t+k-1, and placing
 * k orders takes more than k milliseconds, so a run started later begins past all of them. A
 * browser's ledger remembers the order ids it sent; a repeated id would send nothing.
 */
export function orderNumberFromClock(nowMs: number = Date.now()): number {
  return Math.max(1, Math.floor(nowMs - CLOCK_EPOCH));
}

/** The bridge's side of refunds: whether it is in use, and the webhook to tell it. */
export interface RefundWebhook {
  active(): boolean;
  refunded(order: StoreOrder): void;
}

/** Creates the order book; numbers run `UC-<first>`, `UC-<first+1>`, ... */
export function createOrderBook(firstNumber: number, reportRefund: (orderId: string) => RefundOutcome, bridge?: RefundWebhook) {
  let orders = new Map<string, StoreOrder>();
  let next = firstNumber;

  function refund(orderId: string, amountCents?: number): StoreRefundResult {
    const order = orders.get(orderId);
    if (!order) return { ok: false, orderId, reason: 'unknown order' };
    const left = order.total - order.refunds.reduce((s, r) => s + r.amount, 0);
    const amount = amountCents ?? left;
    if (!Number.isInteger(amount) || amount <= 0) return { ok: false, orderId, reason: 'amount must be a positive number of cents' };
    if (amount > left) return { ok: false, orderId, reason: `at most ${left} cents are left to refund` };
    // "Full" is UltraCart's refund of the whole order; what remains after partial refunds is not.
    const full = !order.refunds.length && amount == order.total;
    if (bridge?.active()) {
      order.refunds.push({ amount, full, propagated: true, viaBridge: true, at: new Date().toISOString() });
      bridge.refunded(order);
      return { ok: true, orderId, amount, full, propagated: true, viaBridge: true };
    }
    const result: StoreRefundResult = { ok: true, orderId, amount, full, propagated: full };
    if (full) result.ontraport = reportRefund(orderId);
    order.refunds.push({ amount, full, propagated: full, at: new Date().toISOString() });
    return result;
  }

  return {
    /** The next order id, taken. */
    nextId: () => `UC-${next++}`,
    /** The number the next order will take, not taken. */
    peek: () => next,
    add(order: StoreOrder): void {
      orders.set(order.orderId, order);
    },
    get: (orderId: string): StoreOrder | undefined => orders.get(orderId),
    all: (): StoreOrder[] => [...orders.values()],
    refund,
    reset(): void {
      orders = new Map();
      next = firstNumber;
    },
  };
}

export type OrderBook = ReturnType<typeof createOrderBook>;
