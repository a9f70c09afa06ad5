/**
 * One local HTTPS server for every host the browser bench touches. Chromium's resolver maps
 * the realistic names to it, so every script runs exactly as on the internet (https page,
 * https pixel, cross-site requests with CORS) while nothing leaves the machine.
 */
import { createServer } from 'node:https';
import { generate } from 'selfsigned';
import { TEST_BUYER } from '@partner-pixel/harness/playwright';

export const HOSTS = {
  page: 'www.merchant.example',
  pixel: 'acme.ontraport.com',
  plausible: 'plausible.io',
  snowplow: 'collector.example',
};

/** The checkout on another site that the landing page links to (never loaded). */
export const CHECKOUT_HOST = 'secure.ultracart.com';

// The smallest valid GIF: our library counts a pixel as delivered only on an image `load`.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const ORDER = {
  orderId: 'UC-1001',
  email: 'buyer@example.com',
  ...TEST_BUYER,
  phone: '+1 217 555 0100',
  items: [
    { id: 'SKU-1', price: '19.95', quantity: 2, name: 'Blue mug' },
    { id: 'SKU-2', price: '4.50', quantity: 1, name: 'Gift wrap' },
  ],
  tax: '1.20',
  shipping: '5.00',
  handling: '1.00',
  discount: '2.00',
  total: '49.60',
  currency: 'USD',
};

// A receipt page of ordinary weight, so the parser has something to do while scripts arrive.
const rows = Array.from(
  { length: 40 },
  (_, i) => `<tr><td>Line ${i + 1}</td><td>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</td><td>$0.00</td></tr>`,
).join('\n');

const HEAD = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.4 system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td{padding:.2rem .5rem;border-bottom:1px solid #ddd}</style>`;

const orderBlock = (orderId) =>
  `<script type="application/json" id="partner-pixel-order">${JSON.stringify({ ...ORDER, orderId })}</script>`;

/**
 * The receipt page; `tag` is the script element (or nothing, for the page alone). With
 * `above`, the order block sits in <head> before the tag (as the install guide puts it), so
 * the tag can read it at once; otherwise it is in <body>, after the tag, read at
 * DOMContentLoaded.
 */
function receiptPage(tag, orderId, above) {
  return `<!doctype html>
<html lang="en"><head>${HEAD}<title>Thank you for your order</title>
${above ? orderBlock(orderId) + '\n' : ''}${tag}
</head><body>
<h1>Thank you, Ada!</h1>
<p>Your order <strong>${orderId}</strong> is confirmed. A receipt is on its way to buyer@example.com.</p>
<table>
${rows}
</table>
${above ? '' : orderBlock(orderId)}
<footer><p>Questions? Write to support.</p></footer>
</body></html>`;
}

// A landing page of the same weight: no order, a few links to the checkout on another site
// (the page tag decorates them at click time) and one to the merchant's own site.
const products = Array.from(
  { length: 12 },
  (_, i) =>
    `<li><h2>Mug ${i + 1}</h2><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>` +
    `<a href="https://${CHECKOUT_HOST}/cgi-bin/UCEditor?merchantId=DEMO&ADD=SKU-${i + 1}">Buy now</a></li>`,
).join('\n');

/** The landing page a partner link leads to (the URL carries ?orid=...). */
function landingPage(tag) {
  return `<!doctype html>
<html lang="en"><head>${HEAD}<title>Blue mugs</title>
${tag}
</head><body>
<h1>Blue mugs, made to last</h1>
<p><a href="/about">About us</a></p>
<ul>
${products}
</ul>
<footer><p>Questions? Write to support.</p></footer>
</body></html>`;
}

/** The pages a variant can be loaded on: `/<page>/<variant id>`. */
export const PAGES = ['receipt', 'receipt-above', 'landing'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server. `scripts` maps a variant id to its code and the attributes its tag
 * carries. `counts` tallies requests per tracking endpoint; `delays.script` holds every
 * script back for the "does the page wait for us" check.
 */
export async function startBenchServer(scripts) {
  const pems = await generate([{ name: 'commonName', value: HOSTS.page }], { keyType: 'ec', algorithm: 'sha256' });
  const counts = { pixel: 0, plausible: 0, snowplow: 0 };
  const delays = { script: 0 };
  let order = 0;
  // Resolvers waiting for the next request of a kind: the server, not the browser's own
  // events, says when a tracking request really arrived (keepalive fetches, for one, are
  // never reported finished to the page's automation).
  const waiting = { pixel: [], plausible: [], snowplow: [] };
  const hit = (kind, res, arrivedAt) => {
    counts[kind]++;
    res.once('finish', () => waiting[kind].splice(0).forEach((resolve) => resolve(arrivedAt)));
  };

  const server = createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
    // Milliseconds since the epoch, as the page's performance.timeOrigin: the time to pixel.
    const arrivedAt = performance.timeOrigin + performance.now();
    const host = (req.headers.host || '').split(':')[0];
    const url = new URL(req.url, `https://${host}`);
    const origin = req.headers.origin;
    // CORS for the peers' fetch/XHR/beacon POSTs (credentials included by Snowplow).
    const cors = origin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...cors, ...extra });
      res.end(body);
    };
    // Drain any request body so keep-alive connections stay usable.
    req.resume();
    await new Promise((resolve) => req.once('end', resolve));

    if (req.method == 'OPTIONS') {
      return send(204, 'text/plain', '', {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] || 'content-type',
        'access-control-max-age': '600',
      });
    }
    const [, page, id] = url.pathname.split('/');
    if (host == HOSTS.page && PAGES.includes(page) && id) {
      const script = scripts[id];
      if (!script && id != 'none') return send(404, 'text/plain', 'no such variant');
      const attrs = script ? script.attrs || '' : '';
      const n = url.searchParams.get('n') || '0';
      const tag = script ? `<script async src="/s/${id}.js?n=${n}"${attrs ? ' ' + attrs : ''}></script>` : '';
      const orderId = `UC-${++order}`;
      return send(200, 'text/html; charset=utf-8', page == 'landing' ? landingPage(tag) : receiptPage(tag, orderId, page == 'receipt-above'));
    }
    if (host == HOSTS.page && url.pathname.startsWith('/s/')) {
      const script = scripts[url.pathname.slice(3, -3)];
      if (!script) return send(404, 'text/plain', 'no such script');
      if (delays.script) await sleep(delays.script);
      // A source unique to each load: the renderer is reused between loads, and V8 would
      // otherwise serve a repeated script from its in-memory compilation cache.
      return send(200, 'text/javascript; charset=utf-8', `${script.code}\n//${url.searchParams.get('n')}`);
    }
    if (host == HOSTS.pixel && url.pathname == '/p') {
      hit('pixel', res, arrivedAt);
      return send(200, 'image/gif', GIF);
    }
    if (host == HOSTS.plausible && url.pathname == '/api/event') {
      hit('plausible', res, arrivedAt);
      return send(202, 'text/plain', 'ok');
    }
    if (host == HOSTS.snowplow && url.pathname.startsWith('/com.snowplowanalytics.snowplow/')) {
      hit('snowplow', res, arrivedAt);
      return send(200, 'text/plain', 'ok');
    }
    if (url.pathname == '/favicon.ico') return send(204, 'image/x-icon', '');
    send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    counts,
    delays,
    /** Resolves once the next request of `kind` has been answered, with the time it arrived. */
    next: (kind) => new Promise((resolve) => waiting[kind].push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
