/**
 * The `receiptUrl` option: after an approved checkout the store sends the buyer to the
 * merchant's own receipt page, with the order's tokens URL-encoded into the address. The
 * tokens and `[OrderJson]` are the receipt's own (`textTokens`, `orderJson`), so both agree.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import { textTokens } from '../ultracart/conversion.js';
import { orderJson } from '../ultracart/order-json.js';
import type { UltraCart } from '../ultracart/ultracart.js';

/** A handler that sends buyers from the store's receipt to the merchant's own receipt page. */
export function redirectReceipt(store: UltraCart, template: string): RequestHandler {
  return http.get(`${store.origin}/receipt`, ({ request }) => {
    const order = store.order(new URL(request.url).searchParams.get('o') || '');
    if (!order) return undefined; // the store's own "not found" page
    const tokens: Record<string, string> = { ...textTokens(order), OrderJson: JSON.stringify(orderJson(order)) };
    const location = template.replace(/\[(\w+)\]/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(tokens, name) ? encodeURIComponent(tokens[name]) : whole,
    );
    return new HttpResponse(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
  });
}
