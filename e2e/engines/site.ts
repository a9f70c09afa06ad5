/**
 * The server side of the cross-engine suite: one harness https server and one CONNECT proxy per
 * worker, a fresh simulation per case, and what arrived at the pixel endpoint, which is the only
 * count a case believes. Every HTML page gets a tiny instrumentation script first in its head:
 * it keeps the console in `window.__ppConsole` (classic WebDriver cannot read the console) and
 * reports every uncaught error to the server, so "the script never throws into the page" is
 * checked the same way in every engine.
 */
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import { createSimulation, startServer, type HarnessServer, type IntegrationMode } from '@partner-pixel/harness';
import { HOSTS, type MerchantSite, type Ontraport, type UltraCart } from '@partner-pixel/harness/playwright';
import { tapPixelEndpoint, type Arrival } from '../support/site.js';
import { startHostProxy, type HostProxy } from './proxy.js';

export const ALL_HOSTS: string[] = Object.values(HOSTS);
export const STORE = `https://${HOSTS.store}`;
export const MERCHANT = `https://${HOSTS.merchant}`;
const ERRORS_PATH = '/__engines/errors';

const INSTRUMENT = `<script>(function(){var log=window.__ppConsole=[];function note(t,x){try{log.push({type:t,text:String(x)})}catch(e){}}
['log','info','warn','error','debug'].forEach(function(k){var o=console[k];console[k]=function(){note(k,[].map.call(arguments,String).join(' '));return o.apply(console,arguments)}});
function report(t){note('pageerror',t);try{navigator.sendBeacon('${ERRORS_PATH}',JSON.stringify({url:location.href,text:t}))}catch(e){}}
addEventListener('error',function(e){report((e.message||'error')+' at '+e.filename+':'+e.lineno)});
addEventListener('unhandledrejection',function(e){report('unhandled rejection: '+e.reason)})})();</script>`;

/** The worker's server and proxy. */
export interface Site {
  server: HarnessServer;
  proxy: HostProxy;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const server = await startServer({ handlers: [], hosts: ALL_HOSTS });
  const proxy = await startHostProxy(ALL_HOSTS, server.port);
  return {
    server,
    proxy,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

/** One case's simulated world. */
export interface World {
  account: Ontraport;
  store: UltraCart;
  merchant: MerchantSite;
  /** Every request that reached `/p`, as the server received it. */
  arrivals: Arrival[];
  /** Uncaught errors the pages reported. */
  pageErrors: { url: string; text: string }[];
  /** Serves an HTML body at a path of the store or merchant origin. */
  page(origin: string, path: string, body: (url: URL) => string): string;
}

async function instrumented(inner: RequestHandler[], request: Request): Promise<Response | undefined> {
  const response = await getResponse(inner, request);
  if (!response || !(response.headers.get('content-type') || '').includes('text/html')) return response;
  const text = await response.text();
  const at = text.search(/<head[^>]*>/i);
  const head = at < 0 ? 0 : at + text.slice(at).indexOf('>') + 1;
  return new HttpResponse(text.slice(0, head) + INSTRUMENT + text.slice(head), { status: response.status, headers: new Headers(response.headers) });
}

/** A fresh simulation on the worker's server, with the instrumentation in front of it. */
export function newWorld(site: Site, options: { mode?: IntegrationMode } = {}): World {
  const sim = createSimulation({
    ontraportOrigin: `https://${HOSTS.ontraport}`,
    storeOrigin: STORE,
    merchantOrigin: MERCHANT,
    mode: options.mode ?? 'pixel',
    debug: true,
  });
  const pageErrors: World['pageErrors'] = [];
  const extra: RequestHandler[] = [];
  // The tap notes an arrival and lets the account answer it, inside the instrumented chain.
  const tapper = { use: (...h: RequestHandler[]) => extra.unshift(...h) } as unknown as HarnessServer;
  const arrivals = tapPixelEndpoint(tapper);
  const inner = (): RequestHandler[] => [...extra, ...sim.handlers];
  site.server.resetHandlers();
  site.server.use(
    http.post(`*${ERRORS_PATH}`, async ({ request }) => {
      pageErrors.push(JSON.parse(await request.text()));
      return new HttpResponse(null, { status: 204 });
    }),
    http.all('*', ({ request }) => instrumented(inner(), request)),
  );
  return {
    account: sim.ontraport,
    store: sim.store,
    merchant: sim.merchant,
    arrivals,
    pageErrors,
    page(origin, path, body) {
      extra.push(
        http.get(`${origin}${path}`, ({ request }) =>
          new HttpResponse(body(new URL(request.url)), { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } }),
        ),
      );
      return `${origin}${path}`;
    },
  };
}

/** Arrivals at `/p` carrying this order id. */
export const arrivalsOf = (world: World, orderId: string) => world.arrivals.filter((a) => a.orderId == orderId);
