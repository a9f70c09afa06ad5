import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../harness/src/server/server.js';
import { createOntraportRest } from '../../harness/src/ontraport/rest-api.js';
import { catalog, createUltracartRest } from '../../harness/src/ultracart/rest-api.js';
import { DEFAULT_MAPPING, fakeClock, limitedHttp, ontraportApi, openStore, createLimiter, syncProducts, ONTRAPORT_LIMIT } from '../src/index.js';
import { tempDb } from './helpers.js';

// 5,000 items over real loopback HTTP took over 300 s on this 2-core machine; 300 keeps the
// suite sane and still spans several of ONTRAPORT's 60 s windows (fake clock).
const CATALOG = 300;

describe('sync-products', () => {
  const clock = fakeClock(1_700_000_000_000);
  let close = async () => undefined as void;
  afterAll(() => close());
  it(`syncs a ${CATALOG}-item catalog within both rate limits, and a second run writes nothing`, async () => {
    const server = await startServer({ handlers: [], https: false });
    close = () => server.close();
    const origin = `http://127.0.0.1:${server.port}`;
    const ontraport = createOntraportRest({ origin, appId: 'a', apiKey: 'k', now: clock.now });
    const ultracart = createUltracartRest({ base: origin + '/rest/v2', apiKey: 'uk', items: catalog(CATALOG), now: clock.now });
    server.use(...ontraport.handlers, ...ultracart.handlers);
    const store = openStore(tempDb());
    const api = ontraportApi(origin, 'a', 'k', limitedHttp(createLimiter(ONTRAPORT_LIMIT.requests, ONTRAPORT_LIMIT.windowMs, clock), clock), DEFAULT_MAPPING);
    const run = (dryRun = false) => syncProducts({ apiUrl: origin + '/rest/v2', apiKey: 'uk', clock, api, store, mapping: DEFAULT_MAPPING, dryRun, pageSize: 500 });
    const first = await run();
    expect(first.counts).toEqual({ created: CATALOG, updated: 0, unchanged: 0, failed: 0 });
    expect(ontraport.products).toHaveLength(CATALOG);
    expect(ontraport.stats().maxInWindow).toBeLessThanOrEqual(180);
    expect(ultracart.stats()).toMatchObject({ maxConcurrent: 1 });
    expect(ultracart.stats().maxInHour).toBeLessThanOrEqual(1000);
    const before = ontraport.stats().requests;
    const second = await run();
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: CATALOG, failed: 0 });
    expect(ontraport.stats().requests).toBe(before);
    ultracart.items[0].description = 'Renamed';
    expect((await run(true)).counts).toMatchObject({ updated: 1, unchanged: CATALOG - 1 });
    expect(ontraport.products[0].fields.name).toBe('Product 1');
    expect((await run()).counts).toMatchObject({ updated: 1, unchanged: CATALOG - 1 });
    expect(ontraport.products).toHaveLength(CATALOG);
    store.close();
  }, 300_000);
});
