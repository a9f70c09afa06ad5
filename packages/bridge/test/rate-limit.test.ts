import { describe, expect, it } from 'vitest';
import { fakeClock } from '../src/clock.js';
import { createLimiter } from '../src/rate-limit.js';

describe('createLimiter', () => {
  it('never starts more than the limit in any window (fake clock)', async () => {
    const clock = fakeClock();
    const limiter = createLimiter(180, 60_000, clock);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 1000 }, () => limiter.run(async () => void starts.push(clock.now()))));
    let max = 0;
    for (let i = 0, j = 0; i < starts.length; i++) { while (starts[j] <= starts[i] - 60_000) j++; max = Math.max(max, i - j + 1); }
    expect(max).toBe(180);
    expect(clock.now()).toBeGreaterThanOrEqual(5 * 60_000);
  });
  it('runs one at a time when concurrency is 1', async () => {
    const limiter = createLimiter(1000, 3_600_000, fakeClock(), 1);
    let running = 0, most = 0;
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => { most = Math.max(most, ++running); await new Promise((r) => setTimeout(r, 1)); running--; })));
    expect(most).toBe(1);
  });
  it('holds everything after a 429 until the reset', async () => {
    const clock = fakeClock(1000);
    const limiter = createLimiter(180, 60_000, clock);
    limiter.pauseUntil(31_000);
    await limiter.run(async () => undefined);
    expect(clock.now()).toBe(31_000);
  });
});
