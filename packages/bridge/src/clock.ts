/** Time as a dependency, so rate limits and backoff are tested with a fake clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock whose sleep advances time at once: a test runs an hour of throttling in milliseconds. */
export function fakeClock(start = 0): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => void (now += Math.max(0, ms)),
  };
}
