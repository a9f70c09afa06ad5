/** Puts the pieces together for `serve`: store, limiter, ONTRAPORT client, intake, worker. */
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock.js';
import type { BridgeConfig } from './config.js';
import { limitedHttp } from './http.js';
import { createIntake } from './intake.js';
import { DEFAULT_MAPPING, type Mapping } from './mapping.js';
import { ontraportApi } from './ontraport.js';
import { createLimiter } from './rate-limit.js';
import { openStore } from './store.js';
import { createWorker } from './worker.js';

/**
 * ONTRAPORT allows 180 requests a minute per account. The bridge counts over 61 s: its clock
 * starts a request before ONTRAPORT's clock sees it arrive, and a request slower in transit
 * than the one 180 after it would otherwise land two inside ONTRAPORT's 60 s and get a 429
 * (measured: one in about 180 at the window's edge on a real-time 5,000-item sync).
 */
export const ONTRAPORT_LIMIT = { requests: 180, windowMs: 61_000 };

export interface BridgeOptions {
  config: BridgeConfig;
  /** Overrides of the inferred mappings. @defaultValue DEFAULT_MAPPING with the config's partner fields */
  mapping?: Partial<Mapping>;
  clock?: Clock;
  log?: (line: string) => void;
  /** Worker retry tuning, for tests. */
  backoffMs?: number;
  /** Address the webhook server listens on; a sandbox on one machine passes loopback. @defaultValue '0.0.0.0' */
  listen?: string;
  timeoutMs?: number;
}

export async function startBridge(o: BridgeOptions) {
  const clock = o.clock ?? systemClock;
  const mapping: Mapping = { ...DEFAULT_MAPPING, partnerFields: o.config.partnerFields, ...o.mapping };
  const store = openStore(o.config.db);
  const limiter = createLimiter(ONTRAPORT_LIMIT.requests, ONTRAPORT_LIMIT.windowMs, clock);
  const { appId, apiKey, apiUrl, pixelOrigin } = o.config.ontraport;
  const api = ontraportApi(apiUrl, appId, apiKey, limitedHttp(limiter, clock, o.timeoutMs), mapping);
  const worker = createWorker({ store, api, clock, mapping, sales: o.config.sales, attribution: o.config.attribution, pixelOrigin, log: o.log, backoffMs: o.backoffMs });
  let stopped = false;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      if (await worker.step()) continue;
      const due = store.nextDue();
      const wait = due == undefined ? 60_000 : Math.max(10, due - clock.now());
      // The clock's own sleep, so a test clock (a scaled or fake one) times the wait as it times backoff.
      await Promise.race([clock.sleep(Math.min(wait, 60_000)), new Promise<void>((resolve) => (wake = resolve))]);
    }
  })();
  const server = createIntake({ now: clock.now, store, user: o.config.webhook.user, password: o.config.webhook.password, sales: o.config.sales, mapping, onStored: () => wake() });
  await new Promise<void>((resolve) => server.listen(o.config.port, o.listen ?? '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    store,
    async close() {
      stopped = true;
      wake();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await loop;
      store.close();
    },
  };
}
