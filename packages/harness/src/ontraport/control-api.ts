/**
 * The simulated account's control API under `/__harness/`: the state as JSON, reset, faults,
 * the crediting setting, the sandbox's integration (tag only, tag + bridge), and adding
 * partners and promo tools. The dashboard and tests use it;
 * a real ONTRAPORT has none of it.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { ownOriginOnly, readBody } from '../web/http.js';
import type { Ontraport } from './ontraport.js';
import { text } from './responses.js';

async function setFaults(ontraport: Ontraport, request: Request): Promise<Response> {
  const b = await readBody(request);
  const num = (k: string) => (b[k] == null || b[k] === '' ? undefined : Number(b[k]));
  const { faults } = ontraport;
  try {
    if (b.reset == 'true' || b.reset == '1') faults.reset();
    const fail = num('fail');
    if (fail !== undefined) faults.failNext(fail, num('status') ?? 503);
    const delay = num('delay');
    if (delay !== undefined) faults.delay(delay);
    const drop = num('drop');
    if (drop !== undefined) faults.dropNext(drop);
  } catch (e) {
    return text((e as Error).message, 400);
  }
  return HttpResponse.json(faults.state());
}

async function setAttribution(ontraport: Ontraport, request: Request): Promise<Response> {
  const { attribution } = await readBody(request);
  if (attribution != 'first' && attribution != 'last') return text('attribution must be "first" or "last"', 400);
  ontraport.setAttribution(attribution);
  return HttpResponse.json({ attribution });
}

async function setIntegration(ontraport: Ontraport, request: Request): Promise<Response> {
  const { integration } = await readBody(request);
  try {
    ontraport.setIntegration(integration as 'tag' | 'bridge');
  } catch (e) {
    return text((e as Error).message, 409);
  }
  return HttpResponse.json({ integration });
}

async function addPartner(ontraport: Ontraport, request: Request): Promise<Response> {
  const { firstName, lastName, email } = await readBody(request);
  if (!firstName || !lastName || !email) return text('firstName, lastName and email are required', 400);
  return HttpResponse.json(ontraport.addPartner({ firstName, lastName, email }), { status: 201 });
}

async function addPromoTool(ontraport: Ontraport, request: Request): Promise<Response> {
  const { name, landingUrl } = await readBody(request);
  try {
    return HttpResponse.json(ontraport.addPromoTool({ name, landingUrl }), { status: 201 });
  } catch {
    return text('name and an absolute landingUrl are required', 400);
  }
}

/** The handlers of the control API of `ontraport`, at its origin. */
export function controlHandlers(ontraport: Ontraport): HttpHandler[] {
  const at = (path: string) => new URL(path, ontraport.origin).href;
  // Every change comes from the dashboard itself or from a test, never from another site.
  const guard = <A extends { request: Request }>(handler: (args: A) => Response | Promise<Response>) => ownOriginOnly(ontraport.origin, handler);
  return [
    // Readable from the other simulated sites too: the sandbox's status line on the merchant's
    // and the store's pages reads what the account received. Reading changes nothing.
    http.get(at('/__harness/state'), () =>
      HttpResponse.json(ontraport.snapshot(), { headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } }),
    ),
    http.post(
      at('/__harness/reset'),
      guard(({ request }) => {
        if (new URL(request.url).searchParams.get('keep') == 'partners') ontraport.clearActivity();
        else ontraport.reset();
        return HttpResponse.json({ ok: true });
      }),
    ),
    http.post(at('/__harness/faults'), guard(({ request }) => setFaults(ontraport, request))),
    http.post(at('/__harness/attribution'), guard(({ request }) => setAttribution(ontraport, request))),
    http.post(at('/__harness/integration'), guard(({ request }) => setIntegration(ontraport, request))),
    http.post(at('/__harness/partners'), guard(({ request }) => addPartner(ontraport, request))),
    http.post(at('/__harness/promo-tools'), guard(({ request }) => addPromoTool(ontraport, request))),
  ];
}
