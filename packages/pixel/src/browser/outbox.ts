/**
 * The exactly-once ledger, in localStorage so that reloads, the back button and other tabs of
 * the same site share it: order ids already delivered, and pixels still to deliver. Every
 * read goes back to storage, because another tab may have written since.
 */
import type { Log } from './debug.js';

/** A pixel waiting for delivery. */
export interface Pending {
  /** Order id. */
  i: string;
  /** Pixel URL. */
  u: string;
  /** Attempts made so far. */
  n: number;
  /** Not to be tried before this time (ms): a lease while in flight, a backoff after a failure. */
  l: number;
}

export interface Ledger {
  /** Delivered order ids, oldest first. */
  d: string[];
  q: Pending[];
}

const KEY = 'pp_px';
/** Enough to cover every order a buyer could plausibly revisit; bounds storage use. */
const MAX_DELIVERED = 200;
/** A receipt page produces one pixel; more than this waiting means something is wrong. */
const MAX_PENDING = 20;

export interface Outbox {
  read(): Ledger;
  write(ledger: Ledger): void;
  /** False when storage is unavailable and the ledger lives only as long as the page. */
  durable: boolean;
}

const fresh = (): Ledger => ({ d: [], q: [] });

// Anything else in the key (another script's, a hand edit) is replaced rather than trusted.
const valid = (l: Ledger) =>
  Array.isArray(l?.d) && Array.isArray(l.q) && l.q.every((p) => p && p.u && p.i && p.n >= 0 && p.l >= 0);

/** The ledger in localStorage, or in memory (with a debug message) where storage fails. */
export function openOutbox(log: Log): Outbox {
  let memory = fresh();
  let storage: Storage | undefined;
  try {
    storage = localStorage;
    storage.setItem(KEY + '_t', '1');
    storage.removeItem(KEY + '_t');
  } catch {
    storage = undefined;
    log('no storage: pixels are sent once, without retry on a later page');
  }
  const outbox: Outbox = {
    durable: !!storage,
    read() {
      if (!outbox.durable) return memory;
      try {
        const l = JSON.parse(storage!.getItem(KEY) || 'null');
        return valid(l) ? l : fresh();
      } catch {
        return fresh();
      }
    },
    write(l) {
      l.d = l.d.slice(-MAX_DELIVERED);
      if (l.q.length > MAX_PENDING) {
        log('outbox full: dropped the oldest pixel');
        l.q = l.q.slice(-MAX_PENDING);
      }
      memory = l;
      try {
        if (outbox.durable) storage!.setItem(KEY, JSON.stringify(l));
      } catch {
        // Quota exceeded: from now on the page's copy is the ledger, as with no storage at all.
        outbox.durable = false;
        log('storage full: pixels are sent once, without retry on a later page');
      }
    },
  };
  return outbox;
}
