/**
 * The simulated ONTRAPORT account as msw handlers: the promo-link endpoint (sets ONTRAPORT's
 * own cookie and redirects), the `/p` sale pixel (parsed with `partner-pixel/wire` only), the
 * fault switchboard, and the inspection view as functions, JSON and a live dashboard.
 */
import { delay as wait, http, HttpResponse, type HttpHandler } from 'msw';
import { DEFAULT_KEYS, parseQuery, parseReferral, type WireKeys } from 'partner-pixel/wire';
import {
  createAccount,
  type Attribution,
  type Contact,
  type Partner,
  type PromoTool,
  type Purchase,
  type RefundOutcome,
  type ResolvedReferral,
} from './account.js';
import { dashboardPage } from './dashboard.js';
import { createFaults, type FaultState, type Faults } from './faults.js';
import { htmlResponse, noFavicon, readBody, readCookie } from './html.js';

export interface OntraportOptions {
  /** Where the account answers, e.g. `https://acme.ontraport.com` or `http://ontraport.localhost:8080`. */
  origin: string;
  /** Whom a purchase credits: the contact's first or last referrer. @defaultValue 'last' */
  attribution?: Attribution;
  /** Wire keys, when the account's pixel snippet uses other names. @defaultValue DEFAULT_KEYS */
  keys?: Partial<WireKeys>;
  /** Lifetime of ONTRAPORT's own partner cookie, in days. @defaultValue 30 */
  cookieDays?: number;
}

/** One request to `/p`, as the account saw it. */
export interface PixelHit {
  at: string;
  method: string;
  /** The raw query, without `?`. */
  query: string;
  /** The `Cookie` header the browser really sent, or null. */
  cookie: string | null;
  /** `pending` while an injected delay holds the answer back. */
  outcome: 'pending' | 'recorded' | 'duplicate' | 'rejected' | 'failed' | 'dropped';
  reason?: string;
  /** The order id as the query carried it, when it carried one. */
  orderId?: string;
  /** The partner the pixel referred, after resolving query or cookie. */
  referral?: ResolvedReferral;
}

/** A promo link as the dashboard lists it. */
export interface PromoLink {
  partnerId: number;
  promoToolId: number;
  promoTool: string;
  url: string;
}

/** Everything the account holds, as plain JSON. */
export interface OntraportSnapshot {
  origin: string;
  attribution: Attribution;
  faults: FaultState;
  partners: Partner[];
  promoTools: PromoTool[];
  links: PromoLink[];
  contacts: Contact[];
  purchases: Purchase[];
  pixels: PixelHit[];
}

export interface Ontraport {
  origin: string;
  host: string;
  keys: WireKeys;
  handlers: HttpHandler[];
  readonly attribution: Attribution;
  setAttribution(value: Attribution): void;
  addPartner(p: { firstName: string; lastName: string; email: string }): Partner;
  addPromoTool(t: { name: string; landingUrl: string }): PromoTool;
  /** The partner's promotional link for a promo tool: `${origin}/c?orid=..&opid=..[&sid=..]`. */
  promoLink(partnerId: number, promoToolId: number, sid?: string): string;
  refund(orderId: string, amountCents?: number): RefundOutcome;
  faults: Faults;
  contacts(): Contact[];
  contact(email: string): Contact | undefined;
  partners(): Partner[];
  partner(id: number): Partner | undefined;
  promoTools(): PromoTool[];
  purchases(): Purchase[];
  purchase(orderId: string): Purchase | undefined;
  pixels(): PixelHit[];
  snapshot(): OntraportSnapshot;
  /** Forgets everything: partners, promo tools, contacts, purchases, pixels, faults, setting. */
  reset(): void;
  /** Forgets contacts, purchases, pixels and faults, and zeroes partner credit; keeps partners and tools. */
  clearActivity(): void;
}

/** ONTRAPORT's own partner cookie, set on its host by the promo link (the original method). */
export const ONTRAPORT_COOKIE = 'oprid';

/** A real 1x1 transparent GIF: the pixel library counts a delivery by the image's load event. */
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));

const gif = () =>
  new HttpResponse(GIF, {
    status: 200,
    headers: {
      'Content-Type': 'image/gif',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
    },
  });

const text = (body: string, status: number) =>
  new HttpResponse(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
  });

/** Creates a simulated ONTRAPORT account answering at `origin`. */
export function createOntraport(options: OntraportOptions): Ontraport {
  const base = new URL(options.origin);
  const origin = base.origin;
  const keys: WireKeys = { ...DEFAULT_KEYS, ...options.keys };
  const cookieDays = options.cookieDays ?? 30;
  const account = createAccount(options.attribution ?? 'last');
  const faults = createFaults();
  let pixels: PixelHit[] = [];

  function promoLink(partnerId: number, promoToolId: number, sid?: string): string {
    const url = new URL('/c', origin);
    url.searchParams.set('orid', String(partnerId));
    url.searchParams.set('opid', String(promoToolId));
    if (sid) url.searchParams.set('sid', sid);
    return url.href;
  }

  const links = (): PromoLink[] =>
    account.partners().flatMap((p) =>
      account.promoTools().map((t) => ({ partnerId: p.id, promoToolId: t.id, promoTool: t.name, url: promoLink(p.id, t.id) })),
    );

  /** GET /c: ONTRAPORT's promo-link click. Sets its own cookie, then on to the landing page. */
  function click(request: Request): Response {
    const q = new URL(request.url).searchParams;
    const ref = parseReferral((k) => q.get(k));
    const partner = ref && account.partner(+ref.orid);
    const tool = ref?.opid ? account.promoTool(+ref.opid) : undefined;
    if (!ref || !partner || !tool) return text('Unknown partner or promotional tool', 404);
    const target = new URL(tool.landingUrl);
    target.searchParams.set('orid', ref.orid);
    target.searchParams.set('opid', ref.opid!);
    if (ref.sid) target.searchParams.set('sid', ref.sid);
    // Over https the cookie must be SameSite=None; Secure to reach ONTRAPORT from the receipt
    // page (a third-party context), which is exactly what browsers that block them refuse.
    const flags = base.protocol == 'https:' ? '; SameSite=None; Secure' : '';
    const value = [ref.orid, ref.opid, ref.sid || ''].join(':');
    return new HttpResponse(null, {
      status: 302,
      headers: {
        Location: target.href,
        'Set-Cookie': `${ONTRAPORT_COOKIE}=${value}; Path=/; Max-Age=${cookieDays * 86400}${flags}`,
        'Cache-Control': 'no-store',
      },
    });
  }

  /** The referral of ONTRAPORT's own cookie, as the original pixel relies on. */
  function cookieReferral(header: string | null) {
    const value = readCookie(header, ONTRAPORT_COOKIE);
    if (!value) return undefined;
    const [orid, opid, ...sid] = value.split(':');
    const parts: Record<string, string | undefined> = { orid, opid, sid: sid.join(':') || undefined };
    return parseReferral((k) => parts[k]);
  }

  /** GET/HEAD /p: the sale pixel. Faults first, then parse, then apply to the account. */
  async function pixel(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const cookie = request.headers.get('cookie');
    const hit: PixelHit = { at: new Date().toISOString(), method: request.method, query: url.search.slice(1), cookie, outcome: 'pending' };
    const rawOrderId = url.searchParams.get(keys.orderId);
    if (rawOrderId) hit.orderId = rawOrderId;
    pixels.push(hit);
    // Decided on arrival, so the n-th request is the one that fails even when answers are delayed.
    const verdict = faults.take();
    const ms = faults.state().delay;
    if (ms) await wait(ms);
    if (verdict.kind == 'drop') {
      hit.outcome = 'dropped';
      // A network error: the server running these handlers closes the connection unanswered.
      return HttpResponse.error();
    }
    if (verdict.kind == 'fail') {
      hit.outcome = 'failed';
      hit.reason = `injected status ${verdict.status}`;
      return text('Service unavailable (injected fault)', verdict.status);
    }
    const parsed = parseQuery(url.searchParams, keys);
    if (!parsed.ok) {
      hit.outcome = 'rejected';
      hit.reason = parsed.reason;
      return text(`Rejected: ${parsed.reason}`, 400);
    }
    const payload = parsed.payload;
    // Our library names the partner in the query; the original pixel leaves it to the cookie.
    const referral = payload.referral
      ? account.resolve(payload.referral, 'query')
      : account.resolve(cookieReferral(cookie), 'cookie');
    if (referral) hit.referral = referral;
    const result = account.apply(payload, referral);
    hit.outcome = result.outcome;
    return gif();
  }

  async function setFaults(request: Request): Promise<Response> {
    const b = await readBody(request);
    const num = (k: string) => (b[k] == null || b[k] === '' ? undefined : Number(b[k]));
    try {
      if (b.reset == 'true' || b.reset == '1') faults.reset();
      const fail = num('fail');
      if (fail !== undefined) faults.failNext(fail, num('status') ?? 503);
      const d = num('delay');
      if (d !== undefined) faults.delay(d);
      const drop = num('drop');
      if (drop !== undefined) faults.dropNext(drop);
    } catch (e) {
      return text((e as Error).message, 400);
    }
    return HttpResponse.json(faults.state());
  }

  async function setAttributionHttp(request: Request): Promise<Response> {
    const { attribution } = await readBody(request);
    if (attribution != 'first' && attribution != 'last') return text('attribution must be "first" or "last"', 400);
    account.setAttribution(attribution);
    return HttpResponse.json({ attribution });
  }

  async function addPartnerHttp(request: Request): Promise<Response> {
    const { firstName, lastName, email } = await readBody(request);
    if (!firstName || !lastName || !email) return text('firstName, lastName and email are required', 400);
    return HttpResponse.json(account.addPartner({ firstName, lastName, email }), { status: 201 });
  }

  async function addPromoToolHttp(request: Request): Promise<Response> {
    const { name, landingUrl } = await readBody(request);
    try {
      return HttpResponse.json(account.addPromoTool({ name, landingUrl }), { status: 201 });
    } catch {
      return text('name and an absolute landingUrl are required', 400);
    }
  }

  const snapshot = (): OntraportSnapshot => ({
    origin,
    attribution: account.attribution,
    faults: faults.state(),
    partners: account.partners(),
    promoTools: account.promoTools(),
    links: links(),
    contacts: account.contacts(),
    purchases: account.purchases(),
    pixels: structuredClone(pixels),
  });

  function clearActivity(): void {
    const partners = account.partners();
    const tools = account.promoTools();
    const attribution = account.attribution;
    account.reset();
    // Re-adding in id order gives every partner and tool its old id back.
    for (const p of partners) account.addPartner(p);
    for (const t of tools) account.addPromoTool(t);
    account.setAttribution(attribution);
    pixels = [];
    faults.reset();
  }

  const at = (path: string) => new URL(path, origin).href;
  const handlers: HttpHandler[] = [
    http.get(at('/'), () => htmlResponse(dashboardPage(base.host))),
    http.get(at('/favicon.ico'), noFavicon),
    http.get(at('/c'), ({ request }) => click(request)),
    http.get(at('/p'), ({ request }) => pixel(request)),
    http.head(at('/p'), ({ request }) => pixel(request)),
    http.get(at('/__harness/state'), () => HttpResponse.json(snapshot(), { headers: { 'Cache-Control': 'no-store' } })),
    http.post(at('/__harness/reset'), ({ request }) => {
      if (new URL(request.url).searchParams.get('keep') == 'partners') clearActivity();
      else api.reset();
      return HttpResponse.json({ ok: true });
    }),
    http.post(at('/__harness/faults'), ({ request }) => setFaults(request)),
    http.post(at('/__harness/attribution'), ({ request }) => setAttributionHttp(request)),
    http.post(at('/__harness/partners'), ({ request }) => addPartnerHttp(request)),
    http.post(at('/__harness/promo-tools'), ({ request }) => addPromoToolHttp(request)),
  ];

  const api: Ontraport = {
    origin,
    host: base.host,
    keys,
    handlers,
    get attribution() {
      return account.attribution;
    },
    setAttribution: account.setAttribution,
    addPartner: account.addPartner,
    addPromoTool: account.addPromoTool,
    promoLink,
    refund: account.refund,
    faults: { failNext: faults.failNext, delay: faults.delay, dropNext: faults.dropNext, reset: faults.reset, state: faults.state },
    contacts: account.contacts,
    contact: account.contact,
    partners: account.partners,
    partner: account.partner,
    promoTools: account.promoTools,
    purchases: account.purchases,
    purchase: account.purchase,
    pixels: () => structuredClone(pixels),
    snapshot,
    reset() {
      account.reset();
      pixels = [];
      faults.reset();
    },
    clearActivity,
  };
  return api;
}
