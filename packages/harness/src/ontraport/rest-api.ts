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

export function createOntraportRest(o: OntraportRestOptions) {
  const now = o.now ?? Date.now;
  const limit = o.perMinute ?? 180;
  const contacts: RestContact[] = [];
  const transactions: RestTransaction[] = [];
  const products: RestProduct[] = [];
  const pixels: { orderId: string; query: string }[] = [];
  const starts: number[] = [];
  let faults: FaultPlan = {};
  let hooks: RestHooks = {};
  let maxInWindow = 0;
  let requests = 0;
  let nextId = 1;
  const ok = (data: unknown) => HttpResponse.json({ code: 0, data, account_id: 1 });

  function count(t = now()) {
    while (starts.length && starts[0] <= t - 60_000) starts.shift();
    starts.push(t);
    maxInWindow = Math.max(maxInWindow, starts.length);
  }

  /** Auth, rate limit and faults; returns a response to send instead, or a post-processing hook. */
  function gate(request: Request): Response | 'drop-after' | undefined {
    if (request.headers.get('Api-Appid') !== o.appId || request.headers.get('Api-Key') !== o.apiKey)
      return HttpResponse.json({ code: 1, message: 'invalid credentials' }, { status: 401 });
    requests++;
    const t = now();
    while (starts.length && starts[0] <= t - 60_000) starts.shift();
    const random = faults.random ?? Math.random;
    if (starts.length >= limit || (faults.throttle && random() < faults.throttle)) {
      const reset = starts.length ? Math.max(1, Math.ceil((starts[0] + 60_000 - t) / 1000)) : 1;
      return new HttpResponse('rate limited', { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
    }
    count(t);
    if (faults.drop && random() < faults.drop) return HttpResponse.error();
    if (faults.fail && random() < faults.fail) return new HttpResponse('server error', { status: 500 });
    if (faults.dropAfter && random() < faults.dropAfter) return 'drop-after';
    return undefined;
  }

  /** Runs `act` unless the gate answers; a "drop after" fault runs it and then drops the answer. */
  const guarded = (act: (request: Request) => Promise<Response> | Response) => async ({ request }: { request: Request }) => {
    const verdict = gate(request);
    if (verdict instanceof Response) return verdict;
    if (faults.slow && (faults.random ?? Math.random)() < faults.slow) await delay(faults.slowMs ?? 5000);
    const call = `${request.method} ${new URL(request.url).pathname}`;
    await hooks.arrived?.(call);
    const response = await act(request);
    await hooks.applied?.(call);
    return verdict == 'drop-after' ? HttpResponse.error() : response;
  };
  const form = async (r: Request) => Object.fromEntries(new URLSearchParams(await r.text()));
  const conditionValue = (r: Request, field: string) => {
    const c = new URL(r.url).searchParams.get('condition');
    const parsed = c ? (JSON.parse(c) as { field: { field: string }; value: { value: string } }[]) : [];
    return parsed.find((x) => x.field.field == field)?.value.value;
  };
  const api = (path: string) => `${o.origin}/1/${path}`;

  const handlers: HttpHandler[] = [
    http.get(api('Contacts'), guarded((r) => ok(contacts.filter((c) => c.email == conditionValue(r, 'email')).map((c) => ({ id: c.id, email: c.email, freferrer: c.freferrer ?? '0', lreferrer: c.lreferrer ?? '0' }))))),
    http.post(api('Contacts/saveorupdate'), guarded(async (r) => {
      const f = await form(r);
      if (!f.email) return HttpResponse.json({ code: 1, message: 'email is required' }, { status: 400 });
      let c = contacts.find((x) => x.email == f.email);
      if (!c) contacts.push((c = { id: nextId++, email: f.email, fields: {} }));
      const { freferrer, lreferrer, ...rest } = f;
      Object.assign(c.fields, rest);
      // ONTRAPORT's rule: first referrer is set once; last referrer follows each order.
      if (freferrer && !c.freferrer) c.freferrer = freferrer;
      if (lreferrer) c.lreferrer = lreferrer;
      return ok({ id: c.id, attrs: { id: c.id } });
    })),
    http.get(api('Transactions'), guarded((r) => ok(transactions.filter((t) => t.orderId && t.orderId == conditionValue(r, 'external_order_id') && t.status != 'void').map((t) => ({ id: t.id }))))),
    http.post(api('transaction/processManual'), guarded(async (r) => {
      const body = (await r.json()) as { contact_id: string; chargeNow: string; external_order_id?: string; offer: { grandTotal?: string } };
      if (body.chargeNow != 'chargeLog' || !contacts.some((c) => String(c.id) == String(body.contact_id)))
        return HttpResponse.json({ code: 1, message: 'contact_id or chargeNow invalid' }, { status: 400 });
      const t: RestTransaction = { id: nextId++, contactId: Number(body.contact_id), orderId: body.external_order_id, status: 'paid', total: body.offer.grandTotal ?? '0', body };
      transactions.push(t);
      return ok({ invoice_id: t.id });
    })),
    ...(['refund', 'void'] as const).map((action) => http.put(api(`transaction/${action}`), guarded(async (r) => {
      const { ids } = (await r.json()) as { ids: number[] };
      for (const t of transactions) if (ids.includes(t.id)) t.status = action == 'refund' ? 'refunded' : 'void';
      return ok({});
    }))),
    http.put(api('transaction/convertToDecline'), guarded(async (r) => {
      const { id } = await form(r);
      const t = transactions.find((x) => String(x.id) == id);
      if (t) t.status = 'declined';
      return ok({});
    })),
    // With a condition: the products matching it; without: a page of `range` (at most 50) from `start`.
    http.get(api('Products'), guarded((r) => {
      const q = new URL(r.url).searchParams;
      if (q.has('condition')) return ok(products.filter((p) => p.fields.sku == conditionValue(r, 'sku')).map((p) => ({ id: p.id, ...p.fields })));
      const start = Math.max(0, Number(q.get('start') ?? 0));
      const range = Math.min(50, Math.max(1, Number(q.get('range') ?? 50)));
      return ok(products.slice(start, start + range).map((p) => ({ id: p.id, ...p.fields })));
    })),
    http.post(api('Products'), guarded(async (r) => {
      const p = { id: nextId++, fields: await form(r) };
      products.push(p);
      return ok({ id: p.id, ...p.fields });
    })),
    http.put(api('Products'), guarded(async (r) => {
      const { id, ...fields } = await form(r);
      const p = products.find((x) => String(x.id) == id);
      if (!p) return HttpResponse.json({ code: 1, message: 'no such product' }, { status: 400 });
      Object.assign(p.fields, fields);
      return ok({ id: p.id });
    })),
    // The server-side sale pixel: recorded once per order id, as ONTRAPORT does.
    http.get(`${o.origin}/p`, async ({ request }) => {
      // Counted with the REST calls (the bridge's limiter counts it too), never refused with 429.
      requests++;
      count();
      const random = faults.random ?? Math.random;
      if (faults.drop && random() < faults.drop) return HttpResponse.error();
      if (faults.fail && random() < faults.fail) return new HttpResponse('server error', { status: 500 });
      const query = new URL(request.url).search.slice(1);
      const parsed = parseQuery(query);
      if (parsed.ok && !pixels.some((p) => p.orderId == parsed.payload.orderId)) pixels.push({ orderId: parsed.payload.orderId, query });
      await delay(0);
      return new HttpResponse(null, { status: parsed.ok ? 200 : 400 });
    }),
  ];

  return {
    handlers,
    contacts,
    transactions,
    products,
    pixels,
    /** Replaces the fault plan; `{}` turns faults off. */
    setFaults(plan: FaultPlan) { faults = plan; },
    /** Replaces the request observers; `{}` removes them. */
    setHooks(next: RestHooks) { hooks = next; },
    /** The most requests ever seen in one 60 s window, and the total. */
    stats: () => ({ maxInWindow, requests }),
  };
}
export type OntraportRest = ReturnType<typeof createOntraportRest>;
