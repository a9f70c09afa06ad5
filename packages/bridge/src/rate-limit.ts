/**
 * A sliding-window limiter per account: at most `limit` requests start in any `windowMs`, and
 * at most `concurrency` run at once (UltraCart allows no concurrent requests). The window is
 * exact, not a bucket refill, so no 60-second span can ever see more than the limit.
 */
import type { Clock } from './clock.js';

export interface Limiter {
  /** Runs `task` when both the window and the concurrency allow it. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Holds every request until `until` (a 429's `x-rate-limit-reset`). */
  pauseUntil(until: number): void;
}

export function createLimiter(limit: number, windowMs: number, clock: Clock, concurrency = Infinity): Limiter {
  const starts: number[] = [];
  let running = 0;
  let pausedUntil = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const waiters: (() => void)[] = [];

  async function slot(): Promise<void> {
    for (;;) {
      const now = clock.now();
      while (starts.length && starts[0] <= now - windowMs) starts.shift();
      const wait = Math.max(pausedUntil - now, starts.length >= limit ? starts[0] + windowMs - now : 0);
      if (wait <= 0 && running < concurrency) break;
      if (wait > 0) await clock.sleep(wait);
      else await new Promise<void>((resolve) => waiters.push(resolve));
    }
    starts.push(clock.now());
    running++;
  }

  return {
    async run(task) {
      // Callers take slots one at a time, in order, so the window's bookkeeping is never raced.
      const taken = chain.then(slot);
      chain = taken.catch(() => undefined);
      await taken;
      try {
        return await task();
      } finally {
        running--;
        waiters.shift()?.();
      }
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}
