/**
 * The store's processed orders, pure state: numbering, lookup, and refunds, of which only a
 * full one reaches ONTRAPORT, as in the original integration.
 */
import type { RefundOutcome } from '../ontraport/types.js';
import type { StoreOrder } from './pricing.js';

/** What a store refund did. */
export type StoreRefundResult =
  | { ok: true; orderId: string; amount: number; full: boolean; propagated: boolean; ontraport?: RefundOutcome }
  | { ok: false; orderId: string; reason: string };

/** Creates the order book; numbers run `UC-<first>`, `UC-<first+1>`, ... */
export function createOrderBook(firstNumber: number, reportRefund: (orderId: string) => RefundOutcome) {
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
    const result: StoreRefundResult = { ok: true, orderId, amount, full, propagated: full };
    if (full) result.ontraport = reportRefund(orderId);
    order.refunds.push({ amount, full, propagated: full, at: new Date().toISOString() });
    return result;
  }

  return {
    /** The next order id, taken. */
    nextId: () => `UC-${next++}`,
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
