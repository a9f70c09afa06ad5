/**
 * What each UltraCart event becomes, pure: a job with a unique key (so redeliveries collapse
 * into one), ignored (a kind the bridge does not handle, answered 2xx so UltraCart stops
 * resending), or refused with a reason naming the field.
 */
import { toCents } from 'partner-pixel/wire';
import type { SalesMode } from './config.js';
import { orderToSale, type Mapping } from './mapping.js';
import type { IncomingEvent } from './store.js';
import { explain, Item, Order } from './ultracart.js';

const SALE = ['order_create', 'order_payment_process', 'order_update', 'order_stage_change'];
const DECLINE = ['order_payment_failed', 'auto_order_decline'];
const PRODUCT = ['item_create', 'item_update'];

/** At most this many characters of any one event; a megabyte field is refused, not stored whole. */
export const MAX_EVENT_CHARS = 256 * 1024;

export function classify(name: string, object: unknown, sales: SalesMode, mapping: Mapping): IncomingEvent {
  const body = JSON.stringify(object ?? null);
  const refused = (reason: string): IncomingEvent => ({ name, status: 'refused', reason, body: body.length > MAX_EVENT_CHARS ? body.slice(0, 1024) + '…' : body });
  if (!/^[a-z_]{1,64}$/.test(name)) return refused(`event name ${JSON.stringify(name.slice(0, 64))} is not an UltraCart event name`);
  if (body.length > MAX_EVENT_CHARS) return refused(`event is ${body.length} characters, over ${MAX_EVENT_CHARS}`);
  const isOrder = SALE.includes(name) || DECLINE.includes(name) || name == 'order_refund';
  if (!isOrder && !PRODUCT.includes(name)) return { name, status: 'ignored', reason: 'kind not handled by the bridge', body };
  if (PRODUCT.includes(name)) {
    const item = Item.safeParse(object);
    if (!item.success) return refused(explain(item.error));
    return { name, status: 'queued', job: { kind: 'product', key: `product:${item.data.merchant_item_id}:${item.data.last_modified_dts ?? body.length}` }, body };
  }
  const order = Order.safeParse(object);
  if (!order.success) return refused(explain(order.error));
  const uc = order.data;
  if (DECLINE.includes(name)) return { name, status: 'queued', job: { kind: 'decline', key: `decline:${uc.order_id}` }, body };
  const sale = orderToSale(uc, mapping);
  if (!sale.ok) return refused(sale.reason);
  if (name == 'order_refund') {
    const refunded = toCents(uc.summary?.total_refunded?.value) ?? 0;
    if (!refunded) return refused('summary.total_refunded is missing or 0 on a refund event');
    return { name, status: 'queued', job: { kind: 'refund', key: `refund:${uc.order_id}:${refunded}` }, body };
  }
  if (sales == 'off') return { name, status: 'ignored', reason: 'BRIDGE_SALES=off: the receipt tag reports sales', body };
  if (!mapping.paidStatuses.includes(sale.sale.paymentStatus))
    return { name, status: 'ignored', reason: `payment.payment_status ${JSON.stringify(sale.sale.paymentStatus)} is not a processed payment`, body };
  return { name, status: 'queued', job: { kind: 'sale', key: `sale:${uc.order_id}` }, body };
}
