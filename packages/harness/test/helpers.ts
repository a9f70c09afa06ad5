/** Shared helpers for the harness tests: msw handlers answered in-process, and pixel queries. */
import { getResponse, type HttpHandler } from 'msw';
import { buildQuery, readOrder, toPayload, type ReferralParams } from 'partner-pixel/wire';

/** Answers a request with the handlers, as the harness server would; fails on "no handler". */
export async function call(handlers: HttpHandler[], url: string, init?: RequestInit): Promise<Response> {
  const response = await getResponse(handlers, new Request(url, init));
  if (!response) throw new Error(`no handler for ${init?.method ?? 'GET'} ${url}`);
  return response;
}

/** A form POST. */
export const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A JSON POST. */
export const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** The query our library would send for an order (the order JSON of docs/wire.md) and a referral. */
export function saleQuery(order: Record<string, unknown>, referral?: ReferralParams): string {
  const checked = readOrder(order);
  if (!checked.ok) throw new Error(checked.reason);
  return buildQuery(toPayload(checked.order, referral));
}

/** An order of one SKU-1 line, optionally with more fields. */
export const order = (orderId: string, email: string, more: Record<string, unknown> = {}) => ({
  orderId,
  email,
  items: [{ id: 'SKU-1', price: '19.95', quantity: 2 }],
  tax: '3.19',
  shipping: '5.00',
  handling: '1.00',
  ...more,
});

/** Cents of `order()`: 2 x 19.95 + 3.19 + 5.00 + 1.00. */
export const ORDER_TOTAL = 3990 + 319 + 500 + 100;
