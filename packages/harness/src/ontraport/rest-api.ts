/**
 * The simulated ONTRAPORT REST API, as msw handlers: the calls the bridge makes, with
 * `Api-Appid`/`Api-Key` auth, answers `{ code: 0, data, account_id }`, a 429 with
 * `x-rate-limit-reset` past 180 requests in a minute, and injectable faults (5xx, drops,
 * delays). Self-contained state for now: it will join the shared simulated account later.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { parseQuery } from 'partner-pixel/wire';

export interface RestContact { id: number; email: string; fields: Record<string, string>; freferrer?: string; lreferrer?: string }
export interface RestTransaction { id: number; contactId: number; orderId?: string; status: 'paid' | 'refunded' | 'void' | 'declined'; total: string; body: unknown }
export interface RestProduct { id: number; fields: Record<string, string> }

export interface OntraportRestOptions {
  /** Where the API answers, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  appId: string;
  apiKey: string;
  /** Requests allowed in any 60 s. @defaultValue 180 */
  perMinute?: number;
  /** Milliseconds since the epoch; a test may pass a fake. @defaultValue Date.now */
  now?: () => number;
}

export interface FaultPlan {
  /** Probability (0..1) that a request answers 500. */
  fail?: number;
  /** Probability that the connection is dropped without an answer. */
  drop?: number;
  /** Probability that the request is processed and then the answer is dropped. */
  dropAfter?: number;
  /** Probability of answering 429 regardless of the count. */
  throttle?: number;
  /** Probability that the answer is held back `slowMs` (a caller's timeout fires first). */
  slow?: number;
  /** @defaultValue 5000 */
  slowMs?: number;
  /** Random source, for reproducible runs. @defaultValue Math.random */
  random?: () => number;
}

/**
 * Observers of each request that passed auth, the limit and the faults: `arrived` before the
 * call acts, `applied` after it changed the account and before the answer leaves. A restart
 * test kills the bridge there, to land a kill between "sent" and "recorded".
 */
export interface RestHooks {
  arrived?: (call: string) => void | Promise<void>;
  applied?: (call: string) => void | Promise<void>;
}

/** The account's records, shared by the handlers. */
interface RestState {
  contacts: RestContact[];
  transactions: RestTransaction[];
  products: RestProduct[];
  pixels: { orderId: string; query: string }[];
  nextId: () => number;
}

type Guarded = (act: (request: Request) => Promise<Response> | Response) => (info: { request: Request }) => Promise<Response>;

const ok = (data: unknown) => HttpResponse.json({ code: 0, data, account_id: 1 });
const invalid = (message: string) => HttpResponse.json({ code: 1, message }, { status: 400 });
const form = async (r: Request) => Object.fromEntries(new URLSearchParams(await r.text()));

/** The value a `condition` query parameter asks `field` to equal. */
function conditionValue(r: Request, field: string): string | undefined {
  const c = new URL(r.url).searchParams.get('condition');
  const parsed = c ? (JSON.parse(c) as { field: { field: string }; value: { value: string } }[]) : [];
  return parsed.find((x) => x.field.field == field)?.value.value;
}

/** Requests in a sliding 60 s window: the limit's count, and the most ever seen in one. */
function createWindow(now: () => number) {
  const starts: number[] = [];
  let max = 0;
  const expire = (t: number) => {
    while (starts.length && starts[0] <= t - 60_000) starts.shift();
  };
  return {
    /** How many started in the 60 s before `t`, and seconds until the oldest leaves. */
    load(t: number) {
      expire(t);
      return { count: starts.length, resetSeconds: starts.length ? Math.max(1, Math.ceil((starts[0] + 60_000 - t) / 1000)) : 1 };
    },
    add(t = now()) {
      expire(t);
      starts.push(t);
      max = Math.max(max, starts.length);
    },
    max: () => max,
  };
}

/** Auth, the rate limit, faults and the observers, around every REST call. */
function createGate(o: OntraportRestOptions, window: ReturnType<typeof createWindow>, control: { faults: () => FaultPlan; hooks: () => RestHooks; counted: () => void }) {
  const now = o.now ?? Date.now;
  const limit = o.perMinute ?? 180;
  /** A response to send instead, 'drop-after', or undefined to go on. */
  function gate(request: Request): Response | 'drop-after' | undefined {
    if (request.headers.get('Api-Appid') !== o.appId || request.headers.get('Api-Key') !== o.apiKey)
      return HttpResponse.json({ code: 1, message: 'invalid credentials' }, { status: 401 });
    control.counted();
    const t = now();
    const faults = control.faults();
    const random = faults.random ?? Math.random;
    const { count, resetSeconds } = window.load(t);
    if (count >= limit || (faults.throttle && random() < faults.throttle))
      return new HttpResponse('rate limited', { status: 429, headers: { 'x-rate-limit-reset': String(resetSeconds) } });
    window.add(t);
    if (faults.drop && random() < faults.drop) return HttpResponse.error();
    if (faults.fail && random() < faults.fail) return new HttpResponse('server error', { status: 500 });
    if (faults.dropAfter && random() < faults.dropAfter) return 'drop-after';
    return undefined;
  }
  /** Runs `act` unless the gate answers; a "drop after" fault runs it and then drops the answer. */
  const guarded: Guarded = (act) => async ({ request }) => {
    const verdict = gate(request);
    if (verdict instanceof Response) return verdict;
    const faults = control.faults();
    if (faults.slow && (faults.random ?? Math.random)() < faults.slow) await delay(faults.slowMs ?? 5000);
    const call = `${request.method} ${new URL(request.url).pathname}`;
    await control.hooks().arrived?.(call);
    const response = await act(request);
    await control.hooks().applied?.(call);
    return verdict == 'drop-after' ? HttpResponse.error() : response;
  };
  return guarded;
}

function contactHandlers(s: RestState, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  return [
    http.get(api('Contacts'), guarded((r) => ok(s.contacts.filter((c) => c.email == conditionValue(r, 'email')).map((c) => ({ id: c.id, email: c.email, freferrer: c.freferrer ?? '0', lreferrer: c.lreferrer ?? '0' }))))),
    http.post(api('Contacts/saveorupdate'), guarded(async (r) => {
      const f = await form(r);
      if (!f.email) return invalid('email is required');
      let c = s.contacts.find((x) => x.email == f.email);
      if (!c) s.contacts.push((c = { id: s.nextId(), email: f.email, fields: {} }));
      const { freferrer, lreferrer, ...rest } = f;
      Object.assign(c.fields, rest);
      // ONTRAPORT's rule: first referrer is set once; last referrer follows each order.
      if (freferrer && !c.freferrer) c.freferrer = freferrer;
      if (lreferrer) c.lreferrer = lreferrer;
      return ok({ id: c.id, attrs: { id: c.id } });
    })),
  ];
}

function transactionHandlers(s: RestState, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  return [
    http.get(api('Transactions'), guarded((r) => ok(s.transactions.filter((t) => t.orderId && t.orderId == conditionValue(r, 'external_order_id') && t.status != 'void').map((t) => ({ id: t.id }))))),
    http.post(api('transaction/processManual'), guarded(async (r) => {
      const body = (await r.json()) as { contact_id: string; chargeNow: string; external_order_id?: string; offer: { grandTotal?: string } };
      if (body.chargeNow != 'chargeLog' || !s.contacts.some((c) => String(c.id) == String(body.contact_id))) return invalid('contact_id or chargeNow invalid');
      const t: RestTransaction = { id: s.nextId(), contactId: Number(body.contact_id), orderId: body.external_order_id, status: 'paid', total: body.offer.grandTotal ?? '0', body };
      s.transactions.push(t);
      return ok({ invoice_id: t.id });
    })),
    ...(['refund', 'void'] as const).map((action) => http.put(api(`transaction/${action}`), guarded(async (r) => {
      const { ids } = (await r.json()) as { ids: number[] };
      for (const t of s.transactions) if (ids.includes(t.id)) t.status = action == 'refund' ? 'refunded' : 'void';
      return ok({});
    }))),
    http.put(api('transaction/convertToDecline'), guarded(async (r) => {
      const { id } = await form(r);
      const t = s.transactions.find((x) => String(x.id) == id);
      if (t) t.status = 'declined';
      return ok({});
    })),
  ];
}

function productHandlers(s: RestState, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  const shown = (p: RestProduct) => ({ id: p.id, ...p.fields });
  return [
    // With a condition: the products matching it; without: a page of `range` (at most 50) from `start`.
    http.get(api('Products'), guarded((r) => {
      const q = new URL(r.url).searchParams;
      if (q.has('condition')) return ok(s.products.filter((p) => p.fields.sku == conditionValue(r, 'sku')).map(shown));
      const start = Math.max(0, Number(q.get('start') ?? 0));
      const range = Math.min(50, Math.max(1, Number(q.get('range') ?? 50)));
      return ok(s.products.slice(start, start + range).map(shown));
    })),
    http.post(api('Products'), guarded(async (r) => {
      const p = { id: s.nextId(), fields: await form(r) };
      s.products.push(p);
      return ok(shown(p));
    })),
    http.put(api('Products'), guarded(async (r) => {
      const { id, ...fields } = await form(r);
      const p = s.products.find((x) => String(x.id) == id);
      if (!p) return invalid('no such product');
      Object.assign(p.fields, fields);
      return ok({ id: p.id });
    })),
  ];
}

/** The server-side sale pixel: recorded once per order id, as ONTRAPORT does. */
function pixelHandler(s: RestState, origin: string, faults: () => FaultPlan, counted: () => void): HttpHandler {
  return http.get(`${origin}/p`, async ({ request }) => {
    // Counted with the REST calls (the bridge's limiter counts it too), never refused with 429.
    counted();
    const plan = faults();
    const random = plan.random ?? Math.random;
    if (plan.drop && random() < plan.drop) return HttpResponse.error();
    if (plan.fail && random() < plan.fail) return new HttpResponse('server error', { status: 500 });
    const query = new URL(request.url).search.slice(1);
    const parsed = parseQuery(query);
    if (parsed.ok && !s.pixels.some((p) => p.orderId == parsed.payload.orderId)) s.pixels.push({ orderId: parsed.payload.orderId, query });
    await delay(0);
    return new HttpResponse(null, { status: parsed.ok ? 200 : 400 });
  });
}

export function createOntraportRest(o: OntraportRestOptions) {
  let id = 1;
  const state: RestState = { contacts: [], transactions: [], products: [], pixels: [], nextId: () => id++ };
  let faults: FaultPlan = {};
  let hooks: RestHooks = {};
  let requests = 0;
  const window = createWindow(o.now ?? Date.now);
  const counted = () => void requests++;
  const guarded = createGate(o, window, { faults: () => faults, hooks: () => hooks, counted });
  const api = (path: string) => `${o.origin}/1/${path}`;
  const handlers: HttpHandler[] = [
    ...contactHandlers(state, guarded, api),
    ...transactionHandlers(state, guarded, api),
    ...productHandlers(state, guarded, api),
    pixelHandler(state, o.origin, () => faults, () => (counted(), window.add())),
  ];
  return {
    handlers,
    contacts: state.contacts,
    transactions: state.transactions,
    products: state.products,
    pixels: state.pixels,
    /** Replaces the fault plan; `{}` turns faults off. */
    setFaults(plan: FaultPlan) { faults = plan; },
    /** Replaces the request observers; `{}` removes them. */
    setHooks(next: RestHooks) { hooks = next; },
    /** The most requests ever seen in one 60 s window, and the total. */
    stats: () => ({ maxInWindow: window.max(), requests }),
  };
}
export type OntraportRest = ReturnType<typeof createOntraportRest>;
