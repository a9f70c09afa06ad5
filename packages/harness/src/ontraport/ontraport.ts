/**
 * The simulated ONTRAPORT account as msw handlers, assembled: the promo link (`promo-link.ts`),
 * the `/p` sale pixel (`pixel-endpoint.ts`), the control API (`control-api.ts`) and the live
 * dashboard (`dashboard/`), over the account's rules (`account.ts`).
 */
import { http, type HttpHandler } from 'msw';
import { DEFAULT_KEYS, type WireKeys } from 'partner-pixel/wire';
import { htmlResponse, noFavicon } from '../web/http.js';
import { createAccount, type Account, type Attribution, type Contact, type Integration, type Partner, type PromoTool, type Purchase, type RefundOutcome } from './account.js';
import { controlHandlers } from './control-api.js';
import { dashboardPage } from './dashboard/page.js';
import { createFaults, type FaultState, type Faults } from './faults.js';
import { createPixelEndpoint, type PixelHit } from './pixel-endpoint.js';
import type { AccountProduct } from './products.js';
import { followPromoLink, promoLinkUrl } from './promo-link.js';
import { accountBackend } from './rest-account.js';
import { createOntraportRest, type OntraportRest, type OntraportRestOptions } from './rest-api.js';

export { ONTRAPORT_COOKIE } from './promo-link.js';
export type { PixelHit } from './pixel-endpoint.js';

export interface OntraportOptions {
  /** Where the account answers, e.g. `https://acme.ontraport.com` or `http://ontraport.localhost:8080`. */
  origin: string;
  /** Whom a purchase credits: the contact's first or last referrer. @defaultValue 'last' */
  attribution?: Attribution;
  /** Wire keys, when the account's pixel snippet uses other names. @defaultValue DEFAULT_KEYS */
  keys?: Partial<WireKeys>;
  /** Lifetime of ONTRAPORT's own partner cookie, in days. @defaultValue 30 */
  cookieDays?: number;
  /**
   * Called whenever the crediting setting changes (dashboard, control API, `setAttribution`,
   * `reset`), so the simulation can give the tags the same `data-attribution`.
   * @defaultValue undefined
   */
  onAttributionChange?: (attribution: Attribution) => void;
  /**
   * The sandbox's switch between "tag only" and "tag + bridge": `change` is called by
   * `setIntegration` (and the dashboard) and throws when no bridge is connected.
   * @defaultValue undefined (tag only, no switch)
   */
  integration?: { change(value: Integration): void; connected(): boolean };
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
  /** The wire keys the account reads, for decoding the pixel log key by key. */
  keys: WireKeys;
  faults: FaultState;
  partners: Partner[];
  promoTools: PromoTool[];
  links: PromoLink[];
  contacts: Contact[];
  purchases: Purchase[];
  pixels: PixelHit[];
  products: AccountProduct[];
  /** The sandbox's integration, and whether a bridge is connected to switch to. */
  integration: { mode: Integration; bridgeConnected: boolean };
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
  products(): AccountProduct[];
  readonly integration: Integration;
  /** Switches the sandbox's integration; throws when asked for `bridge` with none connected. */
  setIntegration(value: Integration): void;
  /** The REST API (and the server-side pixel) at `origin`, on this account's records. */
  restApi(o: Omit<OntraportRestOptions, 'backend'>): OntraportRest;
  snapshot(): OntraportSnapshot;
  /** Forgets everything: partners, promo tools, contacts, purchases, pixels, faults, setting. */
  reset(): void;
  /** Forgets contacts, purchases, pixels and faults, and zeroes partner credit; keeps partners, tools and products. */
  clearActivity(): void;
}

type PixelEndpoint = ReturnType<typeof createPixelEndpoint>;
type Parts = { origin: string; keys: WireKeys; account: Account; faults: ReturnType<typeof createFaults>; endpoint: PixelEndpoint; integration: OntraportSnapshot['integration'] };

/** Everything the account holds, as plain JSON, with every partner's link for every promo tool. */
function snapshotOf({ origin, keys, account, faults, endpoint, integration }: Parts): OntraportSnapshot {
  const links = account.partners().flatMap((p) =>
    account.promoTools().map((t) => ({ partnerId: p.id, promoToolId: t.id, promoTool: t.name, url: promoLinkUrl(origin, p.id, t.id) })),
  );
  return {
    origin,
    attribution: account.attribution,
    keys,
    faults: faults.state(),
    partners: account.partners(),
    promoTools: account.promoTools(),
    links,
    contacts: account.contacts(),
    purchases: account.purchases(),
    pixels: endpoint.hits(),
    products: account.products(),
    integration,
  };
}

/** The account's own pages: the dashboard, the promo link and the sale pixel. */
function siteHandlers(origin: string, account: Account, endpoint: PixelEndpoint, cookieDays: number): HttpHandler[] {
  const at = (path: string) => new URL(path, origin).href;
  return [
    http.get(at('/'), () => htmlResponse(dashboardPage(new URL(origin).host))),
    http.get(at('/favicon.ico'), noFavicon),
    http.get(at('/c'), ({ request }) => followPromoLink(request, account, cookieDays)),
    http.get(at('/p'), ({ request }) => endpoint.handle(request)),
    http.head(at('/p'), ({ request }) => endpoint.handle(request)),
  ];
}

/** Forgets the activity, keeping partners, tools and products (re-added in id order, so their ids stay). */
function clearActivityOf(account: Account, endpoint: PixelEndpoint, faults: ReturnType<typeof createFaults>): void {
  const partners = account.partners();
  const tools = account.promoTools();
  const attribution = account.attribution;
  // Products stay, as partners do: the bridge remembers their ids.
  const products = account.products();
  account.reset();
  for (const p of products) account.createProduct(p.fields);
  for (const p of partners) account.addPartner(p);
  for (const t of tools) account.addPromoTool(t);
  account.setAttribution(attribution);
  endpoint.clear();
  faults.reset();
}

/** The sandbox's "tag only" / "tag + bridge" setting; "bridge" only with a bridge connected. */
function integrationSwitch(hooks: OntraportOptions['integration']) {
  let mode: Integration = 'tag';
  const bridgeConnected = () => hooks?.connected() ?? false;
  return {
    state: () => ({ mode, bridgeConnected: bridgeConnected() }),
    set(value: Integration): void {
      if (value != 'tag' && value != 'bridge') throw new Error(`integration must be "tag" or "bridge", not ${String(value)}`);
      if (value == 'bridge' && !bridgeConnected()) throw new Error('no bridge is connected to this simulation');
      hooks?.change(value);
      mode = value;
    },
  };
}

/** Creates a simulated ONTRAPORT account answering at `origin`. */
export function createOntraport(options: OntraportOptions): Ontraport {
  const base = new URL(options.origin);
  const origin = base.origin;
  const keys: WireKeys = { ...DEFAULT_KEYS, ...options.keys };
  const account = createAccount(options.attribution ?? 'last', options.onAttributionChange);
  const faults = createFaults();
  const endpoint = createPixelEndpoint({ account, faults, keys });
  const promoLink = (partnerId: number, promoToolId: number, sid?: string) => promoLinkUrl(origin, partnerId, promoToolId, sid);

  const integration = integrationSwitch(options.integration);
  const snapshot = () => snapshotOf({ origin, keys, account, faults, endpoint, integration: integration.state() });

  const clearActivity = () => clearActivityOf(account, endpoint, faults);

  const handlers = siteHandlers(origin, account, endpoint, options.cookieDays ?? 30);

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
    pixels: endpoint.hits,
    products: account.products,
    get integration() {
      return integration.state().mode;
    },
    setIntegration: integration.set,
    restApi: (o) => createOntraportRest({ ...o, backend: accountBackend(account, (request) => endpoint.handle(request, 'server-pixel')) }),
    snapshot,
    reset() {
      account.reset();
      endpoint.clear();
      faults.reset();
    },
    clearActivity,
  };
  handlers.push(...controlHandlers(api));
  return api;
}
