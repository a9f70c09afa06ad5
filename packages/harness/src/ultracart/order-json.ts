/** The order as the receipt hands it to the pixel. */
import { CONTACT_FIELDS, formatCents } from 'partner-pixel/wire';
import type { StoreOrder } from './pricing.js';

/**
 * The order in the one JSON shape the pixel reads (docs/wire.md, "Order JSON"), money as
 * decimal strings. The receipt's order block, `[OrderJson]`, `[ItemsJson]` and the
 * `receiptUrl` redirect of the Playwright fixtures all take it from here.
 */
export function orderJson(o: StoreOrder): Record<string, unknown> {
  const json: Record<string, unknown> = { orderId: o.orderId, email: o.email };
  for (const k of CONTACT_FIELDS) if (o[k]) json[k] = o[k];
  json.items = o.items.map((i) => ({ id: i.id, name: i.name, price: formatCents(i.price), quantity: i.quantity }));
  json.tax = formatCents(o.tax);
  json.shipping = formatCents(o.shipping);
  json.handling = formatCents(o.handling);
  if (o.discount) json.discount = formatCents(o.discount);
  json.total = formatCents(o.total);
  json.currency = 'USD';
  // UltraCart's custom-field tracking (docs/ultracart.md): CustomField1..3 carry orid, sid, opid.
  const [orid, sid, opid] = o.customFields;
  if (orid) json.partner = { orid, ...(sid && { sid }), ...(opid && { opid }) };
  return json;
}
