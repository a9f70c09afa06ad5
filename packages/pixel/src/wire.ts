/** `partner-pixel/wire`: the wire format alone, no DOM, for servers and test harnesses. */
export * from './core/wire.js';
export { COOKIE_NAME, LEDGER_KEY, OLD_LEDGER_KEY, type Ledger, type Pending } from './core/storage.js';
export { readOrder, type Contact, type Order, type OrderInput, type OrderItem, type OrderResult } from './core/order.js';
export { toCents, formatCents } from './core/money.js';
export { parseReferral, type ReferralParams } from './core/referral.js';
