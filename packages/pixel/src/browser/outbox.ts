/**
 * The exactly-once ledger, in localStorage so that reloads, the back button and other tabs of
 * the same site share it: order ids already delivered, and pixels still to deliver. Every
 * read goes back to storage, because another tab may have written since.
 */
import { LEDGER_KEY, OLD_LEDGER_KEY, type Ledger, type Pending } from '../core/storage.js';
import type { Log } from './debug.js';

// The key names the ledger's format: a new format gets a new key, and reads the old one.
export type { Ledger, Pending } from '../core/storage.js';
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
    // As the receipt tag reads it: the old key only while the new one is absent.
    return /"(queue|q)":\[\{/.test((localStorage.getItem(LEDGER_KEY) ?? localStorage.getItem(OLD_LEDGER_KEY))!);
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

const fresh = (): Ledger => ({ sent: [], queue: [] });

// Anything else in the key (another script's, a hand edit) is replaced rather than trusted.
const valid = (l: Ledger) =>
  Array.isArray(l?.sent) &&
  Array.isArray(l.queue) &&
  l.queue.every((p) => p && p.url && p.id && p.tries >= 0 && p.due >= 0);

type V1 = { d: string[]; q: Array<{ i: string; u: string; n: number; l: number }> };
/** A pixel still waiting in the first format is delivered, not dropped. */
const fromV1 = (old: V1 | null): Ledger | null =>
  old && {
    sent: old.d,
    queue: Array.isArray(old.q) && (old.q.map((p) => p && { id: p.i, url: p.u, tries: p.n, due: p.l }) as Pending[]),
  } as Ledger;

/**
 * The ledger in localStorage, or in memory (with a debug message) once storage fails. There is
 * no probe write up front: each storage call costs the page time, so the first failing real
 * read or write is what tells.
 */
export function openOutbox(log: Log): Outbox {
  let memory = fresh();
  // Set while the new key is absent: the first write removes the old one.
  let legacy = 0;
  const lost = (e: unknown) => {
    // Stryker disable next-line ConditionalExpression: lost() is only reached while durable (reads and writes skip storage after), so the guard is always true there
    if (outbox.durable) log('storage unavailable (' + e + '): pixels are sent once, never retried');
    outbox.durable = false;
  };
  const outbox: Outbox = {
    durable: true,
    read() {
      if (!outbox.durable) return memory;
      try {
        const text = localStorage.getItem(LEDGER_KEY);
        // Stryker disable next-line UnaryOperator: -1 is as truthy as 1, and legacy is only tested for truth
        legacy = +(text == null);
        // Stryker disable next-line StringLiteral: an absent old key gives a fresh ledger either way ('' fails to parse, null is not valid)
        const l = legacy ? fromV1(JSON.parse(localStorage.getItem(OLD_LEDGER_KEY) || 'null')) : JSON.parse(text!);
        return valid(l) ? l : fresh();
      } catch (e) {
        // A value that is not JSON is as good as none; storage that throws is gone.
        if (e instanceof SyntaxError) return fresh();
        lost(e);
        return memory;
      }
    },
    write(l) {
      l.sent = l.sent.slice(-MAX_DELIVERED);
      if (l.queue.length > MAX_PENDING) {
        log('outbox full: dropped the oldest pixel');
        l.queue = l.queue.slice(-MAX_PENDING);
      }
      memory = l;
      try {
        if (outbox.durable) {
          localStorage.setItem(LEDGER_KEY, JSON.stringify(l));
          if (legacy) localStorage.removeItem(OLD_LEDGER_KEY);
        }
      } catch (e) {
        // Quota exceeded or denied: from now on the page's copy is the ledger.
        lost(e);
      }
    },
  };
  return outbox;
}
