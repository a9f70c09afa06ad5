/**
 * The bridge's figures, each beside a baseline measured in the same run:
 * - durable intake: webhook events a second through the bridge's endpoint (every POST's events
 *   committed to SQLite, synchronous=FULL, before its 2xx) vs a bare node:http handler that
 *   parses the JSON and stores nothing;
 * - relay latency with no backlog, webhook POST to the sale recorded in the simulated
 *   ONTRAPORT, vs the same ONTRAPORT requests sent directly;
 * - draining 1,000 queued orders under ONTRAPORT's 180 requests a minute, vs the floor that
 *   limit sets, and the most requests the simulated ONTRAPORT saw in any 60 s.
 * The drain runs on a clock 5 times faster shared by the bridge and the simulator, so the
 * limit binds as it does in production while the bench lasts seconds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.mjs';

const dist = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const USER = 'uc';
const PASSWORD = 'bench-password';
const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

async function load() {
  for (const f of ['bridge/dist/index.js', 'harness/dist/index.js', 'harness/dist/ontraport/rest-api.js', 'harness/dist/ultracart/webhooks.js'])
    if (!existsSync(dist(f))) return { missing: `packages/${f} is not built` };
  return {
    bridge: await import(dist('bridge/dist/index.js')),
    harness: await import(dist('harness/dist/index.js')),
    rest: await import(dist('harness/dist/ontraport/rest-api.js')),
    webhooks: await import(dist('harness/dist/ultracart/webhooks.js')),
  };
}

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const order = (webhooks, n) => webhooks.simOrder({ orderId: `BENCH-${n}`, email: `buyer${n}@example.com`, tax: 1.2, shippingHandling: 5, items: [{ id: 'SKU-1', cost: 19.95, quantity: 2 }], customFields: { custom_field1: '42' } });
const envelope = (webhooks, from, count) => JSON.stringify({ events: Array.from({ length: count }, (_, i) => ({ order_create: order(webhooks, from + i) })) });

/** POSTs `posts` envelopes of `perPost` events from `clients` concurrent clients; events a second. */
async function hammer(url, webhooks, { posts, perPost, clients }) {
  const bodies = Array.from({ length: posts }, (_, i) => envelope(webhooks, i * perPost, perPost));
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const r = await fetch(url, { method: 'POST', headers: { Authorization: AUTH, 'Content-Type': 'application/json' }, body });
      await r.arrayBuffer();
      if (!r.ok) failed++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { events: posts * perPost, seconds, rate: (posts * perPost) / seconds, failed };
}

async function intake(m, opts) {
  const dir = mkdtempSync(join(tmpdir(), 'ppb-bench-'));
  const store = m.bridge.openStore(join(dir, 'bridge.sqlite'));
  const server = m.bridge.createIntake({ store, user: USER, password: PASSWORD, sales: 'api', mapping: m.bridge.DEFAULT_MAPPING });
  const bare = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString('utf8')); res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"ok":true}'); });
  });
  try {
    const bridgeUrl = `http://127.0.0.1:${await listen(server)}/ultracart/webhook`;
    const bareUrl = `http://127.0.0.1:${await listen(bare)}/`;
    await hammer(bareUrl, m.webhooks, { ...opts, posts: 10 }); // warm-up
    const baseline = await hammer(bareUrl, m.webhooks, opts);
    const ours = await hammer(bridgeUrl, m.webhooks, opts);
    const queued = store.status().queued;
    return { baseline, ours, queued };
  } finally {
    server.close(); bare.close(); store.close(); rmSync(dir, { recursive: true, force: true });
  }
}

/** A bridge and a simulated ONTRAPORT on loopback; `clock` shared by both. */
async function world(m, sales, clock, dir, perMinute = 180) {
  const server = await m.harness.startServer({ handlers: [], https: false });
  const origin = `http://127.0.0.1:${server.port}`;
  const ontraport = m.rest.createOntraportRest({ origin, appId: 'app', apiKey: 'key', now: clock.now, perMinute });
  server.use(...ontraport.handlers);
  const env = { ONTRAPORT_APP_ID: 'app', ONTRAPORT_API_KEY: 'key', ONTRAPORT_API_URL: origin, ONTRAPORT_PIXEL_HOST: `127.0.0.1:${server.port}`, BRIDGE_WEBHOOK_USER: USER, BRIDGE_WEBHOOK_PASSWORD: PASSWORD, BRIDGE_SALES: sales, BRIDGE_DB: join(dir, `${sales}.sqlite`), PORT: '0' };
  const config = m.bridge.readConfig(env);
  if (!config.ok) throw new Error(config.errors.join('; '));
  return { server, origin, ontraport, config: config.config, env };
}

const recorded = (w, sales, orderId) => (sales == 'pixel' ? w.ontraport.pixels : w.ontraport.transactions).some((x) => x.orderId == orderId);
async function until(check) { while (!check()) await new Promise((r) => setTimeout(r, 1)); }

async function latency(m, sales, orders) {
  const dir = mkdtempSync(join(tmpdir(), 'ppb-bench-'));
  // The baseline's requests are not the bridge's: the simulator does not count them against it.
  const w = await world(m, sales, m.bridge.systemClock, dir, 1e9);
  const bridge = await m.bridge.startBridge({ config: w.config });
  const url = `http://127.0.0.1:${bridge.port}/ultracart/webhook`;
  const api = m.bridge.ontraportApi(w.origin, 'app', 'key', m.bridge.limitedHttp(m.bridge.createLimiter(1e9, 60_000, m.bridge.systemClock), m.bridge.systemClock), m.bridge.DEFAULT_MAPPING);
  const ours = [], direct = [];
  try {
    for (let n = 0; n < orders; n++) {
      const t = performance.now();
      const r = await fetch(url, { method: 'POST', headers: { Authorization: AUTH }, body: envelope(m.webhooks, n, 1) });
      await r.arrayBuffer();
      await until(() => recorded(w, sales, `BENCH-${n}`));
      ours.push(performance.now() - t);
      // The baseline: the same ONTRAPORT requests, sent directly, nothing stored.
      const sale = m.bridge.orderToSale(order(m.webhooks, 100_000 + n));
      const d = performance.now();
      if (sales == 'pixel') await api.sendPixel(m.bridge.salePixelUrl(sale.sale, w.origin));
      else {
        await api.findContact(sale.sale.order.email);
        const contact = await api.saveContact(m.bridge.contactFields(sale.sale, true));
        await api.logTransaction(m.bridge.transactionBody(sale.sale, contact, { 'SKU-1': '1' }));
      }
      direct.push(performance.now() - d);
    }
    return { ours: summarize(ours), direct: summarize(direct) };
  } finally {
    await bridge.close(); await w.server.close(); rmSync(dir, { recursive: true, force: true });
  }
}

async function drain(m, count) {
  // Slow enough that the bridge outpaces 180 a minute (so the limit binds), fast enough to last a minute.
  const scale = 5;
  const clock = { now: () => Date.now() * scale, sleep: (ms) => new Promise((r) => setTimeout(r, ms / scale)) };
  const dir = mkdtempSync(join(tmpdir(), 'ppb-bench-'));
  const w = await world(m, 'pixel', clock, dir);
  // The backlog, queued before the bridge starts, as after an ONTRAPORT outage.
  const store = m.bridge.openStore(w.config.db);
  store.intake(Array.from({ length: count }, (_, n) => m.bridge.classify('order_create', order(m.webhooks, n), 'pixel', m.bridge.DEFAULT_MAPPING)), clock.now());
  store.close();
  const started = clock.now();
  const wall = performance.now();
  const bridge = await m.bridge.startBridge({ config: w.config, clock });
  try {
    await until(() => w.ontraport.pixels.length >= count);
    await new Promise((r) => setTimeout(r, 50));
    const wallSeconds = (performance.now() - wall) / 1000;
    // One request an order; the first 180 may go at once, then 180 a minute.
    return { count, simulatedMinutes: (clock.now() - started) / 60_000, floorMinutes: Math.max(0, count - 180) / 180, wallSeconds, jobsPerSecond: count / wallSeconds, ...w.ontraport.stats(), recorded: w.ontraport.pixels.length };
  } finally {
    await bridge.close(); await w.server.close(); rmSync(dir, { recursive: true, force: true });
  }
}

/** Every bridge figure, or `{ skipped }` when something is not built. */
export async function measureBridge({ posts = 200, perPost = 10, clients = 8, orders = 40, backlog = 1000 } = {}) {
  const m = await load();
  if (m.missing) return { skipped: m.missing };
  const intakeResult = await intake(m, { posts, perPost, clients });
  const pixel = await latency(m, 'pixel', orders);
  const api = await latency(m, 'api', orders);
  const drained = await drain(m, backlog);
  return { intake: intakeResult, latency: { pixel, api }, drain: drained };
}
