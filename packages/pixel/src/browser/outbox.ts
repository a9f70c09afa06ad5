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

/**
 * Whether the ledger holds a pixel still to deliver, read cheaply from the stored text: the
 * page tag, which has no delivery code, asks this to know when to hand over to the receipt
 * tag. It must follow the ledger's format. False when storage is unavailable.
 */
export function waitingInStorage(): boolean {
  try {
    return /"q":\[\{/.test(localStorage.getItem(KEY)!);
  } catch {
    return false;
  }
}

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

/**
 * The ledger in localStorage, or in memory (with a debug message) once storage fails. There is
 * no probe write up front: each storage call costs the page time, so the first failing real
 * read or write is what tells.
 */
export function openOutbox(log: Log): Outbox {
  let memory = fresh();
  const lost = (e: unknown) => {
    if (outbox.durable) log('storage unavailable (' + e + '): pixels are sent once, never retried');
    outbox.durable = false;
  };
  const outbox: Outbox = {
    durable: true,
    read() {
      if (!outbox.durable) return memory;
      try {
        const l = JSON.parse(localStorage.getItem(KEY) || 'null');
        return valid(l) ? l : fresh();
      } catch (e) {
        // A value that is not JSON is as good as none; storage that throws is gone.
        if (e instanceof SyntaxError) return fresh();
        lost(e);
        return memory;
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
        if (outbox.durable) localStorage.setItem(KEY, JSON.stringify(l));
      } catch (e) {
        // Quota exceeded or denied: from now on the page's copy is the ledger.
        lost(e);
      }
    },
  };
  return outbox;
}
