#!/usr/bin/env node
/**
 * The sandbox: the simulated ONTRAPORT account, UltraCart store and merchant site on one
 * plain-http server, each on its own host name so cookies are really cross-site:
 *   merchant   http://localhost:PORT
 *   UltraCart  http://127.0.0.1:PORT
 *   ONTRAPORT  http://ontraport.localhost:PORT
 * PORT comes from the environment (default 8080; a free one when that is taken).
 * The bridge (@partner-pixel/bridge, its built code) runs beside them on loopback, with an
 * in-memory queue; the dashboard switches the store between "tag only" and "tag + bridge".
 * `--check` or SANDBOX_EXIT_AFTER_READY=1: start, check every site answers, print, exit.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';

const fail = (message) => {
  console.error(`\nsandbox: ${message}\n`);
  process.exit(1);
};

const dist = new URL('../dist/index.js', import.meta.url);
if (!existsSync(dist)) fail('the harness is not built. Run `npm run build` (or `npm start`, which builds first).');
const { createSimulation, linkBridge, orderNumberFromClock, pixelScriptPath, startServer, TEST_CARDS } = await import(dist.href);
const bridgeDist = new URL('../../bridge/dist/index.js', import.meta.url);
if (!existsSync(bridgeDist)) fail('the bridge is not built. Run `npm run build` (or `npm start`, which builds first).');
const bridgeModule = await import(bridgeDist.href);

let script;
try {
  script = pixelScriptPath();
} catch {
  script = undefined;
}
if (!script || !existsSync(script))
  fail('the pixel script is not built (packages/pixel/dist/partner-pixel.min.js). Run `npm run build` first.');

const checkOnly = process.argv.includes('--check') || process.env.SANDBOX_EXIT_AFTER_READY == '1';
const wanted = Number(process.env.PORT || 8080);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) fail(`PORT must be a port number, not "${process.env.PORT}"`);

async function listen(port) {
  try {
    return await startServer({ handlers: [], https: false, port });
  } catch (error) {
    if (error && error.code == 'EADDRINUSE' && port != 0) {
      console.log(`Port ${port} is busy; using a free one instead.`);
      return startServer({ handlers: [], https: false, port: 0 });
    }
    throw error;
  }
}

const server = await listen(wanted);
const port = server.port;
const sim = createSimulation({
  ontraportOrigin: `http://ontraport.localhost:${port}`,
  storeOrigin: `http://127.0.0.1:${port}`,
  merchantOrigin: `http://localhost:${port}`,
  debug: true,
  // What the tag did, on the pages themselves: partner captured, pixel sent, already sent.
  statusLine: true,
  // Numbered from the clock: a browser's ledger remembers the ids an earlier run sent.
  firstOrderNumber: orderNumberFromClock(),
});
server.use(...sim.handlers);
// The bridge's log says what it did with each webhook: sale sent, refund, decline, product.
const bridge = await linkBridge(sim, bridgeModule, { log: (line) => console.log(`  bridge: ${line}`) });

// Two partners, each with a link to the merchant's landing page and one straight to checkout.
const { ontraport, store, merchant } = sim;
const landing = ontraport.addPromoTool({ name: 'Landing page', landingUrl: merchant.landingUrl });
const direct = ontraport.addPromoTool({ name: 'Direct to checkout', landingUrl: store.checkoutUrl('SKU-1') });
const paula = ontraport.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' });
const sam = ontraport.addPartner({ firstName: 'Sam', lastName: 'Referrer', email: 'sam@partners.example' });

/** GET on the server with a given Host header (Node's resolver may not know *.localhost). */
function get(host, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function selfCheck() {
  const checks = [
    // With the status line, which says on the page what the tag did.
    ['merchant landing page', merchant.host, '/', (r) => r.status == 200 && r.body.includes('partner-pixel.min.js') && r.body.includes('statusClient(')],
    ['UltraCart checkout', store.host, '/checkout?item=SKU-1', (r) => r.status == 200 && r.body.includes('name="email"')],
    ['pixel script', store.host, '/partner-pixel.min.js', (r) => r.status == 200 && r.type.includes('javascript')],
    ['ONTRAPORT dashboard', ontraport.host, '/', (r) => r.status == 200 && r.body.includes('Partner program')],
    ['ONTRAPORT state', ontraport.host, '/__harness/state', (r) => r.status == 200 && JSON.parse(r.body).partners.length == 2 && JSON.parse(r.body).integration.bridgeConnected],
  ];
  const failed = [];
  const health = await fetch(new URL('/healthz', bridge.webhookUrl)).then((r) => r.status, () => 0);
  console.log(`  ${health == 200 ? 'ok  ' : 'FAIL'} bridge (${new URL('/healthz', bridge.webhookUrl)}) -> ${health}`);
  if (health != 200) failed.push('bridge');
  for (const [name, host, path, ok] of checks) {
    const r = await get(host, path).catch((e) => ({ status: 0, type: '', body: String(e) }));
    const good = ok(r);
    console.log(`  ${good ? 'ok  ' : 'FAIL'} ${name} (http://${host}${path}) -> ${r.status}`);
    if (!good) failed.push(name);
  }
  return failed;
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
console.log(`
${bold('partner-pixel sandbox')}: three sites on one server, cross-site on purpose

  Merchant site       ${merchant.landingUrl}
  UltraCart store     ${store.checkoutUrl('SKU-1')}   (orders and refunds: ${store.origin}/admin)
  ONTRAPORT account   ${ontraport.origin}/   (dashboard, updates live; switch "Tag only" / "Tag + bridge" there)
  Bridge              ${bridge.webhookUrl}   (UltraCart's webhooks; ONTRAPORT's API for it at ${bridge.apiOrigin})

  Orders this run are numbered from UC-${sim.store.nextOrderNumber} (from the clock, so no id repeats an earlier run's).

  Promo links:
    ${paula.firstName} ${paula.lastName} (#${paula.id})  ${ontraport.promoLink(paula.id, landing.id)}
    ${paula.firstName} ${paula.lastName} (#${paula.id})  ${ontraport.promoLink(paula.id, direct.id, 'newsletter')}
    ${sam.firstName} ${sam.lastName} (#${sam.id})  ${ontraport.promoLink(sam.id, landing.id)}

  Walkthrough (more in docs/sandbox.md):
    1. Open the ONTRAPORT dashboard and click a partner's promo link (it sets ONTRAPORT's cookie and redirects).
    2. The merchant page's status bar names the partner the tag captured. Click Buy: the checkout is another site.
    3. Click "Fill test buyer" and "Place order" (card ${TEST_CARDS.approve} approves, ${TEST_CARDS.decline} declines).
    4. The receipt's status bar says whether the pixel reached ONTRAPORT, and links to the dashboard. Reload it: sent once.
    5. Switch first/last on the dashboard, follow two partners' links, buy; refund at /admin; inject faults on the dashboard.
    6. Click "Tag + bridge" on the dashboard, follow a promo link, "Buy all 3", pay: the bridge reports every item;
       refund part of it at /admin, pay with the declining card, add a product at /admin: each lands on the dashboard.
`);

if (checkOnly) {
  const failed = await selfCheck();
  await bridge.close();
  await server.close();
  if (failed.length) fail(`self-check failed: ${failed.join(', ')}`);
  console.log('Self-check passed.');
  process.exit(0);
}

console.log('Press Ctrl-C to stop.');
const stop = async () => {
  await bridge.close();
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
