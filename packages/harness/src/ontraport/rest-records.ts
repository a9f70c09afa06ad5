/**
 * The standalone REST simulator's records: plain arrays a test reads (and may seed), with the
 * rules of ONTRAPORT's REST API and nothing of the pixel account. The bridge's own tests use it.
 */
import { HttpResponse } from 'msw';
import { parseQuery } from 'partner-pixel/wire';
import type { RestBackend } from './rest-api.js';

export interface RestContact { id: number; email: string; fields: Record<string, string>; freferrer?: string; lreferrer?: string }
export interface RestTransaction { id: number; contactId: number; orderId?: string; status: 'paid' | 'refunded' | 'void' | 'declined'; total: string; body: unknown }
export interface RestProduct { id: number; fields: Record<string, string> }

/** The records and the backend over them. */
export function createRestRecords() {
  let id = 1;
  const nextId = () => id++;
  const contacts: RestContact[] = [];
  const transactions: RestTransaction[] = [];
  const products: RestProduct[] = [];
  const pixels: { orderId: string; query: string }[] = [];
  const shown = (p: RestProduct) => ({ id: p.id, ...p.fields });
  const backend: RestBackend = {
    findContacts: (email) => contacts.filter((c) => c.email == email).map((c) => ({ id: c.id, email: c.email, freferrer: c.freferrer ?? '0', lreferrer: c.lreferrer ?? '0' })),
    saveContact(f) {
      let c = contacts.find((x) => x.email == f.email);
      if (!c) contacts.push((c = { id: nextId(), email: f.email, fields: {} }));
      const { freferrer, lreferrer, ...rest } = f;
      Object.assign(c.fields, rest);
      // ONTRAPORT's rule: first referrer is set once; last referrer follows each order.
      if (freferrer && !c.freferrer) c.freferrer = freferrer;
      if (lreferrer) c.lreferrer = lreferrer;
      return c.id;
    },
    findTransactions: (orderId) => transactions.filter((t) => t.orderId && t.orderId == orderId && t.status != 'void').map((t) => ({ id: t.id })),
    logTransaction(body) {
      if (!contacts.some((c) => String(c.id) == String(body.contact_id))) return undefined;
      const t: RestTransaction = { id: nextId(), contactId: Number(body.contact_id), orderId: body.external_order_id, status: 'paid', total: body.offer.grandTotal ?? '0', body };
      transactions.push(t);
      return t.id;
    },
    setStatus(ids, status) {
      for (const t of transactions) if (ids.includes(t.id)) t.status = status;
    },
    findProducts: (field, value) => products.filter((p) => p.fields[field] == value).map(shown),
    pageProducts: (start, range) => products.slice(start, start + range).map(shown),
    createProduct(fields) {
      const p = { id: nextId(), fields };
      products.push(p);
      return shown(p);
    },
    updateProduct(productId, fields) {
      const p = products.find((x) => x.id == productId);
      if (p) Object.assign(p.fields, fields);
      return p && shown(p);
    },
    // Recorded once per order id, as ONTRAPORT does.
    async pixel(request) {
      const query = new URL(request.url).search.slice(1);
      const parsed = parseQuery(query);
      if (parsed.ok && !pixels.some((p) => p.orderId == parsed.payload.orderId)) pixels.push({ orderId: parsed.payload.orderId, query });
      return new HttpResponse(null, { status: parsed.ok ? 200 : 400 });
    },
  };
  return { backend, contacts, transactions, products, pixels };
}
