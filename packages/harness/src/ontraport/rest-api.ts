/**
 * The simulated ONTRAPORT REST API, as msw handlers: the calls the bridge makes, with
 * `Api-Appid`/`Api-Key` auth, answers `{ code: 0, data, account_id }`, a 429 with
 * `x-rate-limit-reset` past 180 requests in a minute, and injectable faults (5xx, drops,
 * delays). Its records are its own (`rest-records.ts`) unless it is given a backend: the shared
 * simulated account's (`Ontraport.restApi`), where the pixel's sales are too.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { createRestRecords } from './rest-records.js';

export type { RestContact, RestProduct, RestTransaction } from './rest-records.js';

export interface OntraportRestOptions {
  /** Where the API answers, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  appId: string;
  apiKey: string;
  /** Requests allowed in any 60 s. @defaultValue 180 */
  perMinute?: number;
  /** Milliseconds since the epoch; a test may pass a fake. @defaultValue Date.now */
  now?: () => number;
  /** Where the calls land. @defaultValue records of its own, read back from the result's arrays */
  backend?: RestBackend;
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

/**
 * Where the REST calls land: the records of a standalone REST simulator (`rest-records.ts`, for
 * the bridge's own tests) or the shared simulated account (`rest-account.ts`, for the sandbox
 * and the browser tests), so the dashboard shows what the bridge did beside what the tags did.
 */
export interface RestBackend {
  findContacts(email: string): { id: number; email: string; freferrer: string; lreferrer: string }[];
  /** `Contacts/saveorupdate`'s form fields (email required); the contact's id. */
  saveContact(fields: Record<string, string>): number;
  findTransactions(orderId: string): { id: number }[];
  /** `transaction/processManual`'s body; undefined when its contact is unknown. */
  logTransaction(body: ProcessManualBody): number | undefined;
  setStatus(ids: number[], status: 'refunded' | 'void' | 'declined'): void;
  findProducts(field: string, value: string): Record<string, unknown>[];
  pageProducts(start: number, range: number): Record<string, unknown>[];
  createProduct(fields: Record<string, string>): Record<string, unknown>;
  /** Undefined for an unknown id. */
  updateProduct(id: number, fields: Record<string, string>): Record<string, unknown> | undefined;
  /** The bridge's sale pixel at `/p`, once past the faults. */
  pixel(request: Request): Promise<Response>;
}

/** The body the bridge posts to `transaction/processManual`. */
export interface ProcessManualBody {
  contact_id: string;
  chargeNow: string;
  external_order_id?: string;
  offer: {
    products?: { id: string; quantity: number; price: { price: string }[] }[];
    taxes?: { amount: string }[];
    shipping?: { price: string }[];
    grandTotal?: string;
  };
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

function contactHandlers(s: RestBackend, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  return [
    http.get(api('Contacts'), guarded((r) => ok(s.findContacts(conditionValue(r, 'email') ?? '')))),
    http.post(api('Contacts/saveorupdate'), guarded(async (r) => {
      const f = await form(r);
      if (!f.email) return invalid('email is required');
      const id = s.saveContact(f);
      return ok({ id, attrs: { id } });
    })),
  ];
}

function transactionHandlers(s: RestBackend, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  return [
    http.get(api('Transactions'), guarded((r) => ok(s.findTransactions(conditionValue(r, 'external_order_id') ?? '')))),
    http.post(api('transaction/processManual'), guarded(async (r) => {
      const body = (await r.json()) as ProcessManualBody;
      const id = body.chargeNow == 'chargeLog' ? s.logTransaction(body) : undefined;
      return id == undefined ? invalid('contact_id or chargeNow invalid') : ok({ invoice_id: id });
    })),
    ...(['refund', 'void'] as const).map((action) => http.put(api(`transaction/${action}`), guarded(async (r) => {
      const { ids } = (await r.json()) as { ids: number[] };
      s.setStatus(ids, action == 'refund' ? 'refunded' : 'void');
      return ok({});
    }))),
    http.put(api('transaction/convertToDecline'), guarded(async (r) => {
      s.setStatus([Number((await form(r)).id)], 'declined');
      return ok({});
    })),
  ];
}

function productHandlers(s: RestBackend, guarded: Guarded, api: (path: string) => string): HttpHandler[] {
  return [
    // With a condition: the products matching it; without: a page of `range` (at most 50) from `start`.
    http.get(api('Products'), guarded((r) => {
      const q = new URL(r.url).searchParams;
      if (q.has('condition')) return ok(s.findProducts('sku', conditionValue(r, 'sku') ?? ''));
      const start = Math.max(0, Number(q.get('start') ?? 0));
      return ok(s.pageProducts(start, Math.min(50, Math.max(1, Number(q.get('range') ?? 50)))));
    })),
    http.post(api('Products'), guarded(async (r) => ok(s.createProduct(await form(r))))),
    http.put(api('Products'), guarded(async (r) => {
      const { id, ...fields } = await form(r);
      const p = s.updateProduct(Number(id), fields);
      return p ? ok({ id: p.id }) : invalid('no such product');
    })),
  ];
}

/** The server-side sale pixel, after the faults; what it records is the backend's. */
function pixelHandler(s: RestBackend, origin: string, faults: () => FaultPlan, counted: () => void): HttpHandler {
  return http.get(`${origin}/p`, async ({ request }) => {
    // Counted with the REST calls (the bridge's limiter counts it too), never refused with 429.
    counted();
    const plan = faults();
    const random = plan.random ?? Math.random;
    if (plan.drop && random() < plan.drop) return HttpResponse.error();
    if (plan.fail && random() < plan.fail) return new HttpResponse('server error', { status: 500 });
    const response = await s.pixel(request);
    await delay(0);
    return response;
  });
}

export function createOntraportRest(o: OntraportRestOptions) {
  const records = createRestRecords();
  const backend = o.backend ?? records.backend;
  let faults: FaultPlan = {};
  let hooks: RestHooks = {};
  let requests = 0;
  const window = createWindow(o.now ?? Date.now);
  const counted = () => void requests++;
  const guarded = createGate(o, window, { faults: () => faults, hooks: () => hooks, counted });
  const api = (path: string) => `${o.origin}/1/${path}`;
  const handlers: HttpHandler[] = [
    ...contactHandlers(backend, guarded, api),
    ...transactionHandlers(backend, guarded, api),
    ...productHandlers(backend, guarded, api),
    pixelHandler(backend, o.origin, () => faults, () => (counted(), window.add())),
  ];
  return {
    handlers,
    /** The records of its own (empty when a backend was given). */
    contacts: records.contacts,
    transactions: records.transactions,
    products: records.products,
    pixels: records.pixels,
    /** Replaces the fault plan; `{}` turns faults off. */
    setFaults(plan: FaultPlan) { faults = plan; },
    /** Replaces the request observers; `{}` removes them. */
    setHooks(next: RestHooks) { hooks = next; },
    /** The most requests ever seen in one 60 s window, and the total. */
    stats: () => ({ maxInWindow: window.max(), requests }),
  };
}
export type OntraportRest = ReturnType<typeof createOntraportRest>;
