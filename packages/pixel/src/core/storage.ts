/**
 * The names under which the tags keep their state in the buyer's browser, in one place: the
 * tags write them, and the harness's sandbox and tests read them (through
 * `partner-pixel/wire`). Formats: docs/wire.md (the referral cookie) and docs/delivery.md
 * (the ledger).
 */

/** The first-party referral cookie's default name (`cookieName` overrides it). */
export const COOKIE_NAME = 'pp_ref';
/** The exactly-once ledger in localStorage; the key names its format. */
export const LEDGER_KEY = 'pp_outbox_v2';
/** The ledger's first format, `{d: ids, q: [{i, u, n, l}]}`: read while LEDGER_KEY is absent. */
export const OLD_LEDGER_KEY = 'pp_px';

/** A pixel waiting for delivery, as stored. */
export interface Pending {
  /** The order id. */
  id: string;
  /** The pixel URL. */
  url: string;
  /** Attempts made so far. */
  tries: number;
  /** Not to be tried before this time (ms): a lease while in flight, a backoff after a failure. */
  due: number;
  /**
   * Set while the attempt in flight is a keepalive fetch, which the browser finishes even if
   * the page goes: a lease that runs out with it still set means delivered, not retry.
   * Absent in a pixel waiting for its retry, and in ledgers written before it existed.
   */
  inFlight?: boolean;
}

/** The ledger as stored under LEDGER_KEY. */
export interface Ledger {
  /** Delivered order ids (or handed to the browser as the page went), oldest first. */
  sent: string[];
  queue: Pending[];
  /**
   * The last few pixels delivered, newest last, for the debug report's "as sent then" on a
   * receipt that was already sent. They hold the buyer's details, as the pixel did, so only
   * {@link RECENT_KEPT} are kept. Absent in ledgers written before it existed.
   */
  recent?: Array<{ id: string; url: string }>;
}

/** How many delivered pixels the ledger keeps whole, for the debug report. */
export const RECENT_KEPT = 3;
