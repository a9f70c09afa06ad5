/**
 * Outbound HTTP with the bridge's error classes: what a retry can fix (5xx, 429, timeouts,
 * dropped connections) is `Retryable`; the rest is `Permanent`. Retries themselves live in the
 * durable queue, so a crash between two attempts loses nothing.
 */
import type { Clock } from './clock.js';
import type { Limiter } from './rate-limit.js';

export class Retryable extends Error {
  constructor(message: string, readonly waitMs?: number) { super(message); }
}
export class Permanent extends Error {}

export interface Http {
  request(url: string, init: RequestInit): Promise<Response>;
}

/**
 * fetch through a limiter, with a timeout; a 429 pauses the whole account's limiter.
 * `fetchImpl` is the built-in fetch; a test may hand in one that answers in-process.
 */
export function limitedHttp(limiter: Limiter, clock: Clock, timeoutMs = 15_000, resetHeader = 'x-rate-limit-reset', fetchImpl: typeof fetch = fetch): Http {
  return {
    async request(url, init) {
      const where = `${init.method || 'GET'} ${new URL(url).pathname}`;
      const response = await limiter.run(async () => {
        try {
          return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        } catch (error) {
          const name = (error as Error).name;
          throw new Retryable(`${where}: ${name == 'TimeoutError' ? `no answer in ${timeoutMs} ms` : 'connection failed or dropped'}`);
        }
      });
      if (response.status == 429) {
        const seconds = Number(response.headers.get(resetHeader)) || 60;
        limiter.pauseUntil(clock.now() + seconds * 1000);
        throw new Retryable(`${where}: 429, rate limited for ${seconds} s`, seconds * 1000);
      }
      if (response.status >= 500) throw new Retryable(`${where}: HTTP ${response.status}`);
      if (response.status == 401 || response.status == 403) throw new Permanent(`${where}: HTTP ${response.status}, check the API credentials`);
      return response;
    },
  };
}
