/**
 * Fault injection for the simulated ONTRAPORT's pixel endpoint, so tests can prove that a
 * pixel which failed, was slow or was lost on the way is retried and never lost.
 */

/** Faults in effect, as the inspection view shows them. */
export interface FaultState {
  /** Requests still to be answered with `status`. */
  failNext: number;
  status: number;
  /** Milliseconds every pixel answer waits. */
  delay: number;
  /** Requests still to be dropped: received, never answered, the connection closed. */
  dropNext: number;
}

/** What the next pixel request meets. */
export type FaultVerdict = { kind: 'drop' } | { kind: 'fail'; status: number } | { kind: 'none' };

export interface Faults {
  /** Answers the next `n` pixel requests with `status` (not recorded). @defaultValue status 503 */
  failNext(n: number, status?: number): void;
  /** Delays every pixel answer by `ms` from now on; 0 ends it. */
  delay(ms: number): void;
  /** Drops the next `n` pixel requests: they are received but never answered, nor recorded. */
  dropNext(n: number): void;
  /** No faults any more. */
  reset(): void;
  state(): FaultState;
}

const count = (n: number, what: string): number => {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number >= 0, not ${n}`);
  return n;
};

/** Creates the fault switchboard; `take()` is what the endpoint consults once per request. */
export function createFaults(): Faults & { take(): FaultVerdict } {
  let s: FaultState = { failNext: 0, status: 503, delay: 0, dropNext: 0 };
  return {
    failNext(n, status = 503) {
      if (!Number.isInteger(status) || status < 400 || status > 599)
        throw new Error(`status must be an HTTP error status (400-599), not ${status}`);
      s.failNext = count(n, 'failNext');
      s.status = status;
    },
    delay(ms) {
      s.delay = count(ms, 'delay');
    },
    dropNext(n) {
      s.dropNext = count(n, 'dropNext');
    },
    reset() {
      s = { failNext: 0, status: 503, delay: 0, dropNext: 0 };
    },
    state: () => ({ ...s }),
    // Drops come before failures: a dropped request never got as far as an answer.
    take() {
      if (s.dropNext > 0) {
        s.dropNext--;
        return { kind: 'drop' };
      }
      if (s.failNext > 0) {
        s.failNext--;
        return { kind: 'fail', status: s.status };
      }
      return { kind: 'none' };
    },
  };
}
