import { getResponse, type RequestHandler } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../harness/src/server/server.js';
import { createOntraportRest } from '../../harness/src/ontraport/rest-api.js';
import { catalog, createUltracartRest } from '../../harness/src/ultracart/rest-api.js';
import { DEFAULT_MAPPING, fakeClock, limitedHttp, ontraportApi, openStore, createLimiter, syncProducts, ONTRAPORT_LIMIT } from '../src/index.js';
import { tempDb } from './helpers.js';

/**
 * The simulators' handlers answered in the test's own process: the bridge's code runs as it
 * does over a socket, without paying a loopback HTTP round trip per request on both sides
 * (about 8 ms of CPU each on a 2-core machine, most of it in undici and Request objects).
 */
const inProcess = (handlers: RequestHandler[]): typeof fetch => async (input, init) => {
  const response = await getResponse(handlers, new Request(input as string, init));
  if (!response || response.type == 'error') throw new TypeError('fetch failed');
  return response;
};

async function world(size: number, transport: 'loopback' | 'in-process') {
  const clock = fakeClock(1_700_000_000_000);
  const server = transport == 'loopback' ? await startServer({ handlers: [], https: false }) : undefined;
  const origin = server ? `http://127.0.0.1:${server.port}` : 'http://ontraport.test';
  const ontraport = createOntraportRest({ origin, appId: 'a', apiKey: 'k', now: clock.now });
  const ultracart = createUltracartRest({ base: origin + '/rest/v2', apiKey: 'uk', items: catalog(size), now: clock.now });
  const handlers = [...ontraport.handlers, ...ultracart.handlers];
  server?.use(...handlers);
  const fetchImpl = server ? fetch : inProcess(handlers);
  const store = openStore(tempDb());
  const api = ontraportApi(origin, 'a', 'k', limitedHttp(createLimiter(ONTRAPORT_LIMIT.requests, ONTRAPORT_LIMIT.windowMs, clock), clock, 15_000, undefined, fetchImpl), DEFAULT_MAPPING);
  const run = (dryRun = false, onProgress?: (done: number, total: number) => void) =>
    syncProducts({ apiUrl: origin + '/rest/v2', apiKey: 'uk', clock, api, store, mapping: DEFAULT_MAPPING, dryRun, pageSize: 500, fetch: fetchImpl, onProgress });
  return { clock, ontraport, ultracart, store, run, async close() { store.close(); await server?.close(); } };
}

describe('sync-products', () => {
  const open: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(open.map((w) => w.close())));

  it('syncs a 300-item catalog over loopback HTTP within both rate limits, and a second run writes nothing', async () => {
    const w = await world(300, 'loopback');
    open.push(w);
    const first = await w.run();
    expect(first.counts).toEqual({ created: 300, updated: 0, unchanged: 0, failed: 0 });
    expect(w.ontraport.products).toHaveLength(300);
    // One listing page of 50 (empty account) and one create per item, not a look-up per item.
    expect(w.ontraport.stats().requests).toBe(301);
    expect(w.ontraport.stats().maxInWindow).toBeLessThanOrEqual(180);
    expect(w.ultracart.stats()).toMatchObject({ maxConcurrent: 1 });
    const before = w.ontraport.stats().requests;
    expect((await w.run()).counts).toEqual({ created: 0, updated: 0, unchanged: 300, failed: 0 });
    expect(w.ontraport.stats().requests).toBe(before);
    w.ultracart.items[0].description = 'Renamed';
    expect((await w.run(true)).counts).toMatchObject({ updated: 1, unchanged: 299 });
    expect(w.ontraport.products[0].fields.name).toBe('Product 1');
    expect((await w.run()).counts).toMatchObject({ updated: 1, unchanged: 299 });
    expect(w.ontraport.products[0].fields.name).toBe('Renamed');
    expect(w.ontraport.products).toHaveLength(300);
  }, 120_000);

  it('syncs 5,000 items: created, updated, unchanged and failed counted, within both limits', async () => {
    const w = await world(5000, 'in-process');
    open.push(w);
    // Ten items priced below zero cannot become products: they fail, each with its reason.
    const bad = Array.from({ length: 10 }, (_, n) => w.ultracart.items[n * 500 + 7]);
    for (const item of bad) item.pricing.cost.value = -1;
    const progress: [number, number][] = [];
    const first = await w.run(false, (done, total) => progress.push([done, total]));
    expect(first.counts).toEqual({ created: 4990, updated: 0, unchanged: 0, failed: 10 });
    expect(first.failures.map((f) => f.item)).toEqual(bad.map((i) => i.merchant_item_id));
    expect(first.failures[0].reason).toContain('pricing.cost -1');
    expect(progress).toHaveLength(5000);
    expect(progress.at(-1)).toEqual([5000, 5000]);
    expect(w.ontraport.products).toHaveLength(4990);
    expect(w.ontraport.stats().maxInWindow).toBeLessThanOrEqual(180);
    expect(w.ultracart.stats()).toMatchObject({ maxConcurrent: 1, requests: 10 });
    // 4,990 creates and one empty listing page take at least 27 minutes at 180 a minute.
    expect(w.clock.now() - 1_700_000_000_000).toBeGreaterThanOrEqual(27 * 60_000);

    for (const item of bad) item.pricing.cost.value = 9.99;
    for (const item of w.ultracart.items.slice(100, 150)) item.description += ' (new label)';
    const before = w.ontraport.stats().requests;
    const second = await w.run();
    expect(second.counts).toEqual({ created: 10, updated: 50, unchanged: 4940, failed: 0 });
    // Ten look-ups and ten creates for the fixed items, fifty updates, nothing for the rest.
    expect(w.ontraport.stats().requests - before).toBe(70);
    expect(w.ontraport.products.find((p) => p.fields.sku == 'ITEM-00101')?.fields.name).toBe('Product 101 (new label)');
  }, 300_000);
});

describe('ONTRAPORT faults during a sync', () => {
  it('429s, 5xx and lost answers are retried: no item fails, none is created twice', async () => {
    const w = await world(300, 'in-process');
    let seed = 7;
    w.ontraport.setFaults({ throttle: 0.03, fail: 0.03, dropAfter: 0.03, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) });
    const report = await w.run();
    await w.close();
    expect(report.failures).toEqual([]);
    // A create whose answer was lost is found on the retry, so it counts as unchanged.
    expect(report.counts.created + report.counts.unchanged).toBe(300);
    expect(report.counts.created).toBeGreaterThan(250);
    expect(new Set(w.ontraport.products.map((p) => p.fields.sku)).size).toBe(300);
    expect(w.ontraport.products).toHaveLength(300);
  });
});

describe('UltraCart timeouts', () => {
  it('a page that does not answer in time is asked again, after UltraCart lets a new request in', async () => {
    // Time runs 1,000 times faster: retry-after 60 s waits 60 ms, so the hung request has ended.
    const clock = { now: () => Date.now() * 1000, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms / 1000)) };
    const server = await startServer({ handlers: [], https: false });
    const origin = `http://127.0.0.1:${server.port}`;
    const ontraport = createOntraportRest({ origin, appId: 'a', apiKey: 'k', now: clock.now });
    const ultracart = createUltracartRest({ base: origin + '/rest/v2', apiKey: 'uk', items: catalog(20), now: clock.now });
    server.use(...ontraport.handlers, ...ultracart.handlers);
    ultracart.slowDown(1, 150);
    const store = openStore(tempDb());
    const api = ontraportApi(origin, 'a', 'k', limitedHttp(createLimiter(180, 60_000, clock), clock), DEFAULT_MAPPING);
    try {
      const report = await syncProducts({ apiUrl: origin + '/rest/v2', apiKey: 'uk', clock, api, store, mapping: DEFAULT_MAPPING, pageSize: 10, timeoutMs: 50 });
      expect(report.counts).toEqual({ created: 20, updated: 0, unchanged: 0, failed: 0 });
      // Two pages, plus the timed-out first attempt (and any 429 while it still ran).
      expect(report.ultracartRequests).toBeGreaterThanOrEqual(3);
      expect(ultracart.stats().maxConcurrent).toBe(1);
    } finally {
      store.close();
      await server.close();
    }
  });
});
