/**
 * The store's refund admin: `GET /admin` lists orders, `POST /admin/refund` refunds all or
 * part of one, `POST /admin/items` adds a product while the store sells. Only a full refund
 * reaches ONTRAPORT without the bridge; the page says so for a partial one.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { formatCents, toCents } from 'partner-pixel/wire';
import { htmlResponse, ownOriginOnly, readBody } from '../web/http.js';
import type { OrderBook, StoreRefundResult } from './orders.js';
import { adminPage } from './pages.js';
import type { Product } from './pricing.js';

/** The admin's message after a refund, in the words a merchant needs. */
export function refundMessage(result: StoreRefundResult): string {
  if (!result.ok) return `Refund refused: ${result.reason}.`;
  const done = `Refunded $${formatCents(result.amount)} on ${result.orderId}`;
  if (result.viaBridge)
    return `${done} (sent to the bridge by UltraCart's order_refund webhook: ONTRAPORT gets the ${result.full ? 'full refund' : 'net amount of the order'}, and the partner's credit follows).`;
  if (result.full) return `${done} (full refund, reported to ONTRAPORT: the partner's credit for it is taken back).`;
  return `${done} (partial refund: UltraCart does not report partial refunds to ONTRAPORT, so the partner keeps the full credit for this order; adjust the commission in ONTRAPORT by hand).`;
}

async function refundHttp(orders: OrderBook, request: Request): Promise<Response> {
  const isJson = (request.headers.get('content-type') || '').includes('application/json');
  const b = await readBody(request);
  // `amount` is in currency units as an admin types it ("5.00"); `amountCents` for scripts.
  const cents = b.amountCents ? Number(b.amountCents) : b.amount ? toCents(b.amount) : undefined;
  const result: StoreRefundResult =
    (b.amount || b.amountCents) && (cents === undefined || !Number.isInteger(cents))
      ? { ok: false, orderId: b.orderId || '', reason: 'amount must be like 5.00' }
      : orders.refund(b.orderId || '', cents);
  if (isJson) return HttpResponse.json(result, { status: result.ok ? 200 : 400 });
  return new HttpResponse(null, { status: 303, headers: { Location: `/admin?msg=${encodeURIComponent(refundMessage(result))}` } });
}

/** A product added while the store sells: `id`, `name`, `price` ("24.00"); a message either way. */
async function addItemHttp(catalog: AdminCatalog, request: Request): Promise<Response> {
  const b = await readBody(request);
  const price = toCents(b.price);
  const id = (b.id || '').trim();
  const name = (b.name || '').trim();
  let message: string;
  if (!/^[A-Za-z0-9._-]{1,20}$/.test(id)) message = `Product not added: item id ${JSON.stringify(id)} must be 1 to 20 letters, digits, dots, dashes or underscores.`;
  else if (!name || name.length > 80) message = 'Product not added: the name must be 1 to 80 characters.';
  else if (price === undefined || price <= 0) message = `Product not added: price ${JSON.stringify(b.price ?? '')} must be like 24.00.`;
  else message = catalog.add({ id, name, price });
  return new HttpResponse(null, { status: 303, headers: { Location: `/admin?msg=${encodeURIComponent(message)}` } });
}

/** The store's catalog as the admin changes it: `add` answers with the message to show. */
export interface AdminCatalog {
  products(): Product[];
  add(product: Product): string;
}

/** The admin's handlers at `origin`. */
export function adminHandlers(origin: string, orders: OrderBook, catalog: AdminCatalog): HttpHandler[] {
  const at = (path: string) => new URL(path, origin).href;
  return [
    http.get(at('/admin'), ({ request }) => htmlResponse(adminPage(orders.all(), catalog.products(), new URL(request.url).searchParams.get('msg') || undefined))),
    // A refund or a new product comes from the admin page itself, never from another site.
    http.post(at('/admin/refund'), ownOriginOnly(origin, ({ request }) => refundHttp(orders, request))),
    http.post(at('/admin/items'), ownOriginOnly(origin, ({ request }) => addItemHttp(catalog, request))),
    http.get(at('/__harness/orders'), () => HttpResponse.json(orders.all())),
  ];
}
