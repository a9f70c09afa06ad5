/**
 * The pixel, assembled: capture -> order -> query -> outbox -> transport. Everything the
 * host page calls is wrapped so that no exception of ours ever reaches it. `createBase` is
 * what every page needs (the page tag is built from it alone); `createPixel` adds the order
 * and the sale pixel (the receipt tag and the npm API).
 */
import { checkHost } from './core/host.js';
import { readOrder, type ContactInput } from './core/order.js';
import {
  creditedReferral,
  mergeReferral,
  parseReferral,
  type Attribution,
  type ReferralParams,
  type ReferralRecord,
} from './core/referral.js';
import { formatCents } from './core/money.js';
import { buildQuery, DEFAULT_KEYS, pixelUrl, toPayload, type PixelPayload } from './core/wire.js';
import { DIAGNOSTICS, TAG } from './build.js';
import { logger } from './browser/debug.js';
import { decorateCheckoutLinks, type CustomFields } from './browser/decorate.js';
import { openOutbox } from './browser/outbox.js';
import { RECENT_KEPT, type Pending } from './core/storage.js';
import { cookieSettings, readRecord, removeRecord, writeRecord } from './browser/referral-cookie.js';
import { transmit } from './browser/transport.js';
import { choice, isKeysObject, misread, saysApi, type PixelOptions } from './options.js';

/** What became of one `purchase` or `optin` call. */
export interface PurchaseResult {
  /**
   * `sent`: delivered. `queued`: not delivered yet, retried with backoff and on the next page
   * view. `failed`: not delivered, and storage is unavailable, so nothing will retry it.
   * `duplicate`: this order id was already sent or queued in this browser. `skipped`:
   * nothing sent on purpose (API mode, no consent). `invalid`: the order or the configuration
   * is wrong; `reason` says how.
   */
  status: 'sent' | 'queued' | 'failed' | 'duplicate' | 'skipped' | 'invalid';
  reason?: string;
  /** The pixel URL, when one was built. */
  url?: string;
}

/** A lead: who opted in, for a contact-and-partner-only pixel (`aff_only=1`, `order_id=0`). */
export interface OptinInput extends ContactInput {
  email: string;
}

export interface Pixel {
  /** Reads the partner parameters from `url` (default: the page's) into the referral cookie. */
  capture(url?: string): ReferralParams | undefined;
  /** The first and last referral this browser holds. */
  referral(): ReferralRecord | undefined;
  /** Sends the sale pixel for an order, once per order id. Never rejects. */
  purchase(order: unknown): Promise<PurchaseResult>;
  /**
   * Sends the contact-and-partner-only pixel for a lead form (`aff_only=1`, `order_id=0`),
   * once per email in this browser, so the partner is credited with the lead. Never rejects.
   */
  optin(lead: unknown): Promise<PurchaseResult>;
  /** Grants or withdraws consent (with `requireConsent`); held work runs once granted. */
  consent(granted: boolean): void;
  /** Retries pixels still waiting from this or an earlier page view. */
  flush(): Promise<void>;
}

/** The part of the pixel every page has: the page tag is this alone. */
export type PagePixel = Pick<Pixel, 'capture' | 'referral' | 'consent' | 'flush'>;

// 2 s, 4 s, 8 s ... capped at 5 minutes, each scaled by 0.5-1.5 so tabs and buyers spread out.
const backoff = (attempt: number) => Math.min(3e5, 1e3 * 2 ** attempt) * (0.5 + Math.random());

/**
 * What every page needs: capture, decoration, consent and GPC. Safe to call before the DOM is
 * ready; never throws.
 */
function createBase(options?: PixelOptions) {
  const o = options || {};
  const { log, warn } = logger(o.debug);
  const cookie = cookieSettings(o);
  if (o.cookieDays != null && cookie.days != +o.cookieDays) misread(warn, 'data-cookie-days', o.cookieDays, 'read as 30', 'days');
  // UltraCart has custom fields 1 to 7: the usable part of the mapping, the rest named.
  const fields: CustomFields = {};
  for (const [part, field] of Object.entries(o.customFields || {}))
    if (/^(orid|sid|opid)$/.test(part) && /^[1-7]$/.test('' + field)) fields[part as 'orid'] = field;
    else misread(warn, 'data-custom-fields', part + ':' + field, 'ignored', 'orid, sid, opid : 1 to 7');
  const gpc = o.respectGpc && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  let allowed = !o.requireConsent && !gpc;
  // Work waiting for consent; under GPC nothing is ever kept.
  let held: Array<() => unknown> = [];
  const whenAllowed = (work: () => unknown) => (allowed ? work() : gpc || held.push(work));
  const referral = () => readRecord(cookie, log);
  const attribution = choice(warn, 'attribution', o.attribution, ['first', 'last'], 'last') as Attribution;
  const credited = () => creditedReferral(referral(), attribution);

  if (o.checkoutHosts?.length)
    decorateCheckoutLinks(o.checkoutHosts, () => (allowed ? credited() : undefined), fields);

  const capture = (url = location.href) => {
    const params = new URL(url, location.href).searchParams;
    const ref = parseReferral((k) => params.get(k));
    // A link the partner got wrong (a sub-id with a space) is captured without the bad part;
    // without a valid orid nothing is, and only the orid is named.
    for (const k of ['orid', 'sid', 'opid'] as const)
      if (params.has(k) && params.get(k) != ref?.[k] && (ref || k == 'orid'))
        misread(warn, k, params.get(k), 'ignored', k == 'sid' ? '1 to 64 of A-Z a-z 0-9 . _ ~ -' : '1 to 2147483647');
    if (ref)
      whenAllowed(() => {
        writeRecord(cookie, mergeReferral(referral(), ref, Date.now()));
        DIAGNOSTICS && log('captured partner ' + ref.orid);
      });
    return ref;
  };

  const pixel: PagePixel = {
    capture: safe(warn, capture),
    referral: safe(warn, referral),
    consent: safe(warn, (granted: boolean) => {
      if (gpc) return;
      const work = held;
      allowed = !!granted;
      held = [];
      if (!granted) return removeRecord(cookie);
      work.forEach((w) => w());
      base.granted();
    }),
    // The page tag delivers nothing itself: with pixels waiting it hands over to the receipt tag.
    flush: async () => {},
  };
  const base = { pixel, o, log, warn, gpc, allowed: () => allowed, whenAllowed, credited, granted: () => {} };
  return base;
}

// Our failures are logged, never thrown at the page.
const safe =
  <A extends unknown[], R>(warn: (m: string) => void, f: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return f(...args);
    } catch (e) {
      warn('' + e);
      return undefined;
    }
  };

/** The page tag's pixel: no receipt logic. Never throws. */
export const createPagePixel = (options?: PixelOptions): PagePixel => createBase(options).pixel;

/** The ledger id of an opt-in: one pixel per email in this browser. */
export const optinId = (email: string) => 'optin:' + email;

/**
 * The npm API's options without a `keys` that is not an object, and a warning that echoes it:
 * plain JavaScript can pass any value, and a string would be read name by name (the names "0"
 * to "4" for "email"). The tags refuse such `data-keys` as they read the attribute.
 */
function withObjectKeys(options?: PixelOptions): PixelOptions | undefined {
  const keys = options?.keys;
  if (keys == null || isKeysObject(keys)) return options;
  misread(logger().warn, 'keys', keys, 'ignored', 'an object of wire keys, such as { email: "mail" }');
  return { ...options, keys: undefined };
}

/** Creates the pixel for this page. Safe to call before the DOM is ready; never throws. */
export function createPixel(options?: PixelOptions): Pixel {
  const base = createBase(TAG == 'npm' ? withObjectKeys(options) : options);
  const { o, log, warn, credited } = base;
  const timeout = o.timeoutMs || 1e4;
  const apiMode = choice(warn, 'mode', o.mode, ['pixel', 'api'], saysApi(o.mode) ? 'api' : 'pixel') == 'api';
  // Reached by the npm API and the production tags; the debug build's report names them, with the closest key.
  if (TAG != 'debug')
    for (const k in o.keys)
      if (!(k in DEFAULT_KEYS)) misread(warn, 'data-keys', k, 'unknown', Object.keys(DEFAULT_KEYS).join(', '));
  // Opening touches no storage: consent is still respected, and the first real use tells.
  const outbox = openOutbox(log);

  /** One delivery attempt of a waiting pixel; schedules the next on failure. */
  const attempt = async (orderId: string, ledger = outbox.read()): Promise<boolean> => {
    const entry = ledger.queue.find((p) => p.id == orderId);
    // Another tab holds the lease, or the backoff has not run out.
    // Stryker disable next-line BooleanLiteral: only deliver() reads the result, and its entry is always there and due
    if (!entry || entry.due > Date.now()) return false;
    // The outcome, written over whatever other tabs and purchases wrote meanwhile: delivered,
    // or back in the queue as `retry` says, or neither (given up).
    const record = (delivered: boolean, retry?: Pending) => {
      const now = outbox.read();
      now.queue = now.queue.filter((p) => p.id != orderId);
      // After a handoff it may already be listed: a repeat in this list is harmless.
      if (delivered) {
        now.sent.push(orderId);
        now.recent = [...(now.recent || []), { id: orderId, url: entry.url }].slice(-RECENT_KEPT);
      }
      if (retry) now.queue.push(retry);
      outbox.write(now);
    };
    // A lease run out on a keepalive fetch with no outcome written: the page that sent it went
    // and its last write was lost (Firefox can drop a closing tab's pagehide write), or its
    // answer took longer than the lease. Either way the browser had the request, so it counts
    // as delivered: sending it again could double the sale.
    if (entry.inFlight) {
      DIAGNOSTICS && log(`order ${orderId}: an earlier page's request, counted as delivered`);
      record(true);
      // Stryker disable next-line BooleanLiteral: only deliver() reads the result, and its entry is never in flight
      return true;
    }
    entry.tries++;
    // A fetch is waited for, not timed out: the lease (3 timeouts) covers a slow answer too.
    entry.due = Date.now() + 3 * timeout;
    entry.inFlight = true;
    outbox.write(ledger);
    // A page going with the request in flight hands it to the browser, which finishes it on
    // its own: it counts as delivered, as sending it again later could double the sale. The
    // image fallback is no such request (a page that goes can cut it off): the mark is taken
    // off first, so that a later page retries it once the lease runs out.
    const ok = await transmit(
      entry.url,
      timeout,
      () => record(true),
      () => {
        delete entry.inFlight;
        record(false, entry);
      },
    );
    // After a handoff the transport resolves true even on a rejection (Chromium rejects an
    // unloading page's keepalive fetch it still delivers), so a handed-off order is not retried.
    if (ok) {
      record(true);
      log('sent ' + entry.url);
    } else if (entry.tries < (o.maxAttempts || 10) && outbox.durable) {
      const wait = backoff(entry.tries);
      entry.due = Date.now() + wait;
      record(false, entry);
      setTimeout(() => attempt(orderId), wait + 9);
      log(`order ${orderId} attempt ${entry.tries} failed, retry in ${wait | 0} ms`);
    } else {
      record(false);
      warn(`order ${orderId} undelivered, given up after ${entry.tries} attempts`);
    }
    return ok;
  };

  // Pixels an earlier page left: due ones now, leased ones when their lease runs out.
  const flush = () =>
    base.allowed() &&
    Promise.all(
      outbox
        .read()
        .queue.map((p) =>
          p.due > Date.now() ? setTimeout(() => attempt(p.id), p.due - Date.now() + 9) : attempt(p.id),
        ),
    );

  base.granted = flush;

  const skip = (status: PurchaseResult['status'], reason: string, url?: string): PurchaseResult => {
    // A duplicate is the normal outcome of a reload: only debug mode mentions it.
    (status == 'duplicate' ? log : warn)(reason);
    return { status, reason, url };
  };

  /** Queues one pixel under a ledger id (the order id) and makes the first attempt. */
  const deliver = async (id: string, url: string, what: string): Promise<PurchaseResult> => {
    const ledger = outbox.read();
    if (ledger.sent.includes(id) || ledger.queue.some((p) => p.id == id)) return skip('duplicate', `${what} already sent`, url);
    // attempt() claims it in storage with its first write, before anything is sent.
    ledger.queue.push({ id, url, tries: 0, due: 0 });
    if (await attempt(id, ledger)) return { status: 'sent', url };
    return outbox.durable
      ? { status: 'queued', url }
      : { status: 'failed', reason: 'not delivered, and no storage to retry from', url };
  };

  const origin = () => checkHost(o.subdomain, o.allowedHosts);
  const query = (payload: PixelPayload) => buildQuery(payload, { ...DEFAULT_KEYS, ...o.keys });

  const send = async (order: unknown): Promise<PurchaseResult> => {
    if (apiMode)
      return skip('skipped', 'mode api: the API method reports sales, a pixel would double them');
    const read = readOrder(order);
    if (!read.ok) return skip('invalid', 'order refused: ' + read.reason);
    const host = origin();
    if ('error' in host) return skip('invalid', host.error);
    const { orderId, partner, total, currency } = read.order;
    const ref = partner || credited();
    DIAGNOSTICS && log(`order ${orderId}: ${formatCents(total)}${currency ? ' ' + currency : ''}, ${ref ? 'partner ' + ref.orid : 'no partner'}`);
    return deliver(orderId, pixelUrl(host.origin, query(toPayload(read.order, ref))), 'order ' + orderId);
  };

  const sendOptin = async (lead: unknown): Promise<PurchaseResult> => {
    const read = readOrder({ ...(lead as object), orderId: 'optin', items: [{ id: 'optin', price: 0 }] });
    if (!read.ok) return skip('invalid', 'optin refused: ' + read.reason);
    const host = origin();
    if ('error' in host) return skip('invalid', host.error);
    const payload = toPayload(read.order, credited());
    const id = optinId(read.order.email);
    return deliver(id, pixelUrl(host.origin, query({ ...payload, affOnly: true })), id);
  };

  /** Runs `work` once consent allows, resolving with its result; never rejects. */
  const held = (work: () => Promise<PurchaseResult>): Promise<PurchaseResult> =>
    new Promise((resolve) => {
      const run = () => work().then(resolve, (e) => resolve({ status: 'invalid', reason: '' + e }));
      if (base.gpc) resolve({ status: 'skipped', reason: 'Global Privacy Control' });
      else if (DIAGNOSTICS && !base.allowed()) log('held until consent');
      base.whenAllowed(run);
    });

  return {
    ...base.pixel,
    flush: async () => {
      try {
        await flush();
      } catch (e) {
        warn('' + e);
      }
    },
    purchase: (order) => held(() => send(order)),
    optin: (lead) => held(() => sendOptin(lead)),
  };
}
