/**
 * The REST API's calls on the shared simulated account: the contacts, purchases, partner
 * credit and products the pixel endpoint and the dashboard use. A transaction logged through
 * REST is a purchase of source `api`; the bridge's server-side pixel, arriving on the API host,
 * is recorded as the receipt tag's is, with source `server-pixel`.
 */
import { toCents } from 'partner-pixel/wire';
import type { Account } from './account.js';
import type { PurchaseItem } from './types.js';
import type { ProcessManualBody, RestBackend } from './rest-api.js';

const sum = (values: (string | undefined)[]) => values.reduce((s, v) => s + (toCents(v ?? '0') ?? 0), 0);

/** The purchase lines of a `processManual` offer: product ids back to the merchant's SKUs. */
function purchaseItems(account: Account, body: ProcessManualBody): PurchaseItem[] {
  return (body.offer.products ?? []).map((line) => {
    const product = account.productById(Number(line.id));
    const item: PurchaseItem = { id: product?.fields.sku || `product #${line.id}`, price: sum(line.price.map((p) => p.price)), quantity: line.quantity };
    if (product?.name) item.name = product.name;
    return item;
  });
}

const shownProduct = (p: { id: number; fields: Record<string, string> }) => ({ id: p.id, ...p.fields });

/** A REST backend over `account`; `pixel` is the account's `/p` as the bridge's pixel reaches it. */
export function accountBackend(account: Account, pixel: (request: Request) => Promise<Response>): RestBackend {
  const referrer = (id: number | null) => (id == null ? '0' : String(id));
  return {
    findContacts(email) {
      const c = email ? account.contact(email) : undefined;
      return c ? [{ id: c.id, email: c.email, freferrer: referrer(c.firstReferrer), lreferrer: referrer(c.lastReferrer) }] : [];
    },
    saveContact: (fields) => account.saveContact(fields).id,
    findTransactions: (orderId) => account.findTransactions(orderId).map((p) => ({ id: p.transactionId })),
    logTransaction(body) {
      const items = purchaseItems(account, body);
      const total = toCents(body.offer.grandTotal ?? '') ?? items.reduce((s, i) => s + i.price * i.quantity, 0);
      const tax = sum((body.offer.taxes ?? []).map((t) => t.amount));
      const shipping = sum((body.offer.shipping ?? []).map((t) => t.price));
      const logged = account.logTransaction({ contactId: Number(body.contact_id), orderId: body.external_order_id ?? '', items, tax, shipping, total });
      return logged?.transactionId;
    },
    setStatus(ids, status) {
      for (const id of ids) account.setStatus(id, status);
    },
    findProducts: (field, value) => account.findProducts(field, value).map(shownProduct),
    pageProducts: (start, range) => account.products().slice(start, start + range).map(shownProduct),
    createProduct: (fields) => shownProduct(account.createProduct(fields)),
    updateProduct(id, fields) {
      const p = account.updateProduct(id, fields);
      return p && shownProduct(p);
    },
    pixel,
  };
}
