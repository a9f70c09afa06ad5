/**
 * The simulated UltraCart REST API: `GET /item/items` with `_limit`/`_offset` paging,
 * `x-ultracart-simple-key` auth, and a 429 past the hourly limit or on a concurrent request.
 * Self-contained state for now.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

export interface SimItem { merchant_item_id: string; merchant_item_oid: number; description: string; inactive: boolean; last_modified_dts: string; pricing: { cost: { value: number; currency_code: string } } }

export interface UltraCartRestOptions {
  /** Base URL, like `https://secure.ultracart.com/rest/v2`. */
  base: string;
  apiKey: string;
  items: SimItem[];
  /** @defaultValue 1000 */
  perHour?: number;
  now?: () => number;
}

/** A catalog of `n` items, `ITEM-00001` onwards. */
export const catalog = (n: number): SimItem[] =>
  Array.from({ length: n }, (_, i) => ({
    merchant_item_id: `ITEM-${String(i + 1).padStart(5, '0')}`,
    merchant_item_oid: 1000 + i,
    description: `Product ${i + 1}`,
    inactive: false,
    last_modified_dts: '2026-01-01T00:00:00-05:00',
    pricing: { cost: { value: Math.round((5 + (i % 50) * 1.1) * 100) / 100, currency_code: 'USD' } },
  }));

export function createUltracartRest(o: UltraCartRestOptions) {
  const now = o.now ?? Date.now;
  const starts: number[] = [];
  let inFlight = 0;
  let maxInHour = 0;
  let maxConcurrent = 0;
  let slow = { count: 0, ms: 0 };
  const handlers: HttpHandler[] = [
    http.get(`${o.base}/item/items`, async ({ request }) => {
      if (request.headers.get('x-ultracart-simple-key') !== o.apiKey)
        return HttpResponse.json({ error: { developer_message: 'invalid simple key', user_message: 'Unauthorized' } }, { status: 401 });
      const t = now();
      while (starts.length && starts[0] <= t - 3_600_000) starts.shift();
      if (starts.length >= (o.perHour ?? 1000) || inFlight > 0)
        return HttpResponse.json({ error: { developer_message: 'rate limit', user_message: 'Too many requests' } }, { status: 429, headers: { 'retry-after': '60' } });
      starts.push(t);
      maxInHour = Math.max(maxInHour, starts.length);
      inFlight++;
      maxConcurrent = Math.max(maxConcurrent, inFlight);
      try {
        const q = new URL(request.url).searchParams;
        const limit = Math.min(2000, Math.max(1, Number(q.get('_limit') ?? 100)));
        const offset = Math.max(0, Number(q.get('_offset') ?? 0));
        if (slow.count > 0) { slow.count--; await new Promise((resolve) => setTimeout(resolve, slow.ms)); }
        const items = o.items.slice(offset, offset + limit);
        const more = offset + limit < o.items.length;
        await new Promise((resolve) => setImmediate(resolve));
        return HttpResponse.json({ items, success: true, metadata: { result_set: { count: items.length, limit, offset, more, next_offset: more ? offset + limit : null, total_records: o.items.length } } });
      } finally {
        inFlight--;
      }
    }),
  ];
  return {
    handlers,
    items: o.items,
    /** Holds back the next `count` answers by `ms` (a caller's timeout fires first). */
    slowDown(count: number, ms: number) { slow = { count, ms }; },
    stats: () => ({ maxInHour, maxConcurrent, requests: starts.length }),
  };
}
