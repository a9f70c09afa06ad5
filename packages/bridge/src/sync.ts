/**
 * `sync-products`: pages through UltraCart's `GET /item/items` (one request at a time, within
 * 1,000 an hour) and creates or updates each ONTRAPORT product matched by merchant item id.
 * A second run finds every product unchanged and writes nothing.
 */
import type { Clock } from './clock.js';
import { limitedHttp, Permanent, Retryable } from './http.js';
import { productFields, type Mapping } from './mapping.js';
import type { OntraportApi } from './ontraport.js';
import { createLimiter } from './rate-limit.js';
import type { Store } from './store.js';
import { Item, type UltraCartItem } from './ultracart.js';
import { upsertProduct } from './worker.js';

/** UltraCart allows 1,000 requests an hour by default, and none concurrently. */
export const ULTRACART_LIMIT = { requests: 1000, windowMs: 3_600_000, concurrency: 1 };

export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'failed';
export interface SyncReport { counts: Record<SyncOutcome, number>; failures: { item: string; reason: string }[]; ultracartRequests: number }

export interface SyncOptions {
  apiUrl: string;
  apiKey: string;
  clock: Clock;
  api: OntraportApi;
  store: Store;
  mapping: Mapping;
  dryRun?: boolean;
  /** Page size, at most 2000. @defaultValue 500 */
  pageSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** @defaultValue the built-in fetch */
  fetch?: typeof fetch;
  /** How long an UltraCart request may take before it is retried. @defaultValue 30000 */
  timeoutMs?: number;
  /** First wait before retrying UltraCart; doubles each attempt. @defaultValue 2000 */
  retryMs?: number;
}

export async function* ultracartItems(o: Pick<SyncOptions, 'apiUrl' | 'apiKey' | 'clock' | 'pageSize' | 'fetch' | 'timeoutMs' | 'retryMs'>, counter: { requests: number }): AsyncGenerator<{ item: unknown; total: number }> {
  const http = limitedHttp(createLimiter(ULTRACART_LIMIT.requests, ULTRACART_LIMIT.windowMs, o.clock, 1), o.clock, o.timeoutMs ?? 30_000, 'retry-after', o.fetch);
  const limit = o.pageSize ?? 500;
  for (let offset = 0, more = true; more; ) {
    const url = `${o.apiUrl}/item/items?_limit=${limit}&_offset=${offset}&_expand=pricing`;
    let response: Response | undefined;
    for (let attempt = 0; !response; attempt++) {
      counter.requests++;
      try {
        response = await http.request(url, { headers: { 'x-ultracart-simple-key': o.apiKey, 'X-UltraCart-Api-Version': '2017-03-01', Accept: 'application/json' } });
      } catch (error) {
        if (error instanceof Permanent || attempt >= 5) throw error;
        await o.clock.sleep((o.retryMs ?? 2000) * 2 ** attempt);
      }
    }
    if (!response.ok) throw new Permanent(`GET /item/items: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    const page = (await response.json()) as { items?: unknown[]; metadata?: { result_set?: { more?: boolean; next_offset?: number; total_records?: number } } };
    const set = page.metadata?.result_set ?? {};
    for (const item of page.items ?? []) yield { item, total: set.total_records ?? 0 };
    more = !!set.more && (page.items?.length ?? 0) > 0;
    offset = set.next_offset ?? offset + limit;
  }
}

/** Remembered products are committed this many at a time: one disk sync each, not one per item. */
const COMMIT_EVERY = 200;

/**
 * Finds ONTRAPORT products by merchant item id. When the bridge knows no product yet (a first
 * sync), it lists the account's products 50 a page, once: 100 requests for 5,000 products
 * instead of a look-up per item. Later runs know almost every product, so the few new items
 * are cheaper looked up one by one.
 */
function productFinder(api: OntraportApi, store: Store, keyField: string) {
  if (store.kvCount('product:') > 0) return (key: string) => api.findProduct(key);
  let index: Promise<Map<string, { id: string; name?: string; price?: string }>> | undefined;
  const load = async () => {
    const map = new Map<string, { id: string; name?: string; price?: string }>();
    for (let start = 0; ; start += 50) {
      const page = await api.listProducts(start, 50);
      for (const row of page) if (row[keyField]) map.set(row[keyField], { id: row.id, name: row.name, price: row.price });
      if (page.length < 50) return map;
    }
  };
  return async (key: string) => (await (index ??= load())).get(key);
}

export async function syncProducts(o: SyncOptions): Promise<SyncReport> {
  const report: SyncReport = { counts: { created: 0, updated: 0, unchanged: 0, failed: 0 }, failures: [], ultracartRequests: 0 };
  const counter = { requests: 0 };
  const find = productFinder(o.api, o.store, o.mapping.productKeyField);
  let pending: Record<string, string> = {};
  const flush = () => { o.store.setKvMany(pending); pending = {}; };
  const remember = (key: string, value: string) => { pending[key] = value; };
  let done = 0;
  try {
    for await (const { item, total } of ultracartItems(o, counter)) {
      const parsed = Item.safeParse(item);
      const id = parsed.success ? parsed.data.merchant_item_id : String((item as Record<string, unknown>)?.merchant_item_id ?? '?');
      try {
        if (!parsed.success) throw new Permanent('not an UltraCart item');
        const item = parsed.data;
        // A retry looks the product up afresh: a create whose answer was lost is not in the listing.
        report.counts[await retried(o, (again) => {
          const lookup = again ? (key: string) => o.api.findProduct(key) : find;
          return o.dryRun ? plan(o, item, lookup) : upsertProduct(o.api, o.store, item, o.mapping, { find: lookup, remember });
        })]++;
      } catch (error) {
        report.counts.failed++;
        report.failures.push({ item: id, reason: (error as Error).message });
      }
      if (++done % COMMIT_EVERY == 0) flush();
      o.onProgress?.(done, total);
    }
  } finally {
    flush();
  }
  report.ultracartRequests = counter.requests;
  return report;
}

/**
 * One item's ONTRAPORT calls, again after what a retry can fix (a 429 waits its
 * `x-rate-limit-reset`, a 5xx or a timeout backs off), up to 6 attempts; then the item fails
 * with the last reason. Repeating is safe: the product is looked up by its key before a create.
 */
async function retried<T>(o: SyncOptions, task: (again: boolean) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt > 0);
    } catch (error) {
      if (!(error instanceof Retryable) || attempt >= 5) throw error;
      await o.clock.sleep(Math.max(error.waitMs ?? 0, (o.retryMs ?? 2000) * 2 ** attempt));
    }
  }
}

/** What a run would do, from what the bridge already knows: no ONTRAPORT write. */
async function plan(o: SyncOptions, item: UltraCartItem, find: (key: string) => Promise<unknown>): Promise<SyncOutcome> {
  const fields = productFields(item, o.mapping);
  if (typeof fields == 'string') throw new Permanent(fields);
  const seen = o.store.kv('product:' + item.merchant_item_id);
  if (seen) return seen.endsWith(`|${fields.name}|${fields.price}`) ? 'unchanged' : 'updated';
  const found = (await find(item.merchant_item_id)) as { name?: string; price?: string } | undefined;
  if (!found) return 'created';
  return found.name == fields.name && Number(found.price) == Number(fields.price) ? 'unchanged' : 'updated';
}
