/**
 * The sale pixel, ONTRAPORT's `/p`: faults first, then the query parsed with
 * `partner-pixel/wire` and nothing else, then applied to the account. Every request is
 * logged, with the partner it carried even when it failed, so a person can see what was lost.
 */
import { delay as wait, HttpResponse } from 'msw';
import { parseQuery, type ParseResult, type WireKeys } from 'partner-pixel/wire';
import type { Account, ResolvedReferral, SaleSource } from './account.js';
import type { createFaults } from './faults.js';
import { cookieReferral } from './promo-link.js';
import { gif, text } from './responses.js';

/** One request to `/p`, as the account saw it. */
export interface PixelHit {
  at: string;
  method: string;
  /** The raw query, without `?`. */
  query: string;
  /** The `Cookie` header the browser really sent, or null. */
  cookie: string | null;
  /** `pending` while an injected delay holds the answer back. */
  outcome: 'pending' | 'recorded' | 'duplicate' | 'rejected' | 'failed' | 'dropped';
  reason?: string;
  /** The order id as the query carried it, when it carried one. */
  orderId?: string;
  /**
   * The known partner the pixel referred (from the query, else ONTRAPORT's cookie), also on
   * a failed or dropped request: the credit that would have been given.
   */
  referral?: ResolvedReferral;
  /** `server-pixel` when the bridge sent it from a server; a browser's pixel has none. */
  source?: 'server-pixel';
}

export interface PixelEndpointOptions {
  account: Account;
  faults: ReturnType<typeof createFaults>;
  keys: WireKeys;
}

/** Our library names the partner in the query; the original pixel leaves it to the cookie. */
function referralOf(parsed: ParseResult, cookie: string | null, account: Account): ResolvedReferral | undefined {
  if (parsed.ok && parsed.payload.referral) return account.resolve(parsed.payload.referral, 'query');
  return account.resolve(cookieReferral(cookie), 'cookie');
}

/** Creates the endpoint and its log. */
export function createPixelEndpoint({ account, faults, keys }: PixelEndpointOptions) {
  let hits: PixelHit[] = [];

  function logHit(request: Request, url: URL, parsed: ParseResult, source: SaleSource): PixelHit {
    const cookie = request.headers.get('cookie');
    const hit: PixelHit = { at: new Date().toISOString(), method: request.method, query: url.search.slice(1), cookie, outcome: 'pending' };
    if (source == 'server-pixel') hit.source = source;
    const rawOrderId = url.searchParams.get(keys.orderId);
    if (rawOrderId) hit.orderId = rawOrderId;
    const referral = referralOf(parsed, cookie, account);
    if (referral) hit.referral = referral;
    hits.push(hit);
    return hit;
  }

  /** `source`: who sent it, a browser (the receipt tag, ONTRAPORT's own image) or the bridge. */
  async function handle(request: Request, source: SaleSource = 'receipt-pixel'): Promise<Response> {
    const url = new URL(request.url);
    const parsed = parseQuery(url.searchParams, keys);
    const hit = logHit(request, url, parsed, source);
    // Decided on arrival, so the n-th request is the one that fails even when answers are delayed.
    const verdict = faults.take();
    const ms = faults.state().delay;
    if (ms) await wait(ms);
    if (verdict.kind == 'drop') {
      hit.outcome = 'dropped';
      // A network error: the server running these handlers closes the connection unanswered.
      return HttpResponse.error();
    }
    if (verdict.kind == 'fail') {
      hit.outcome = 'failed';
      hit.reason = `injected status ${verdict.status}`;
      return text('Service unavailable (injected fault)', verdict.status);
    }
    if (!parsed.ok) {
      hit.outcome = 'rejected';
      hit.reason = parsed.reason;
      return text(`Rejected: ${parsed.reason}`, 400);
    }
    hit.outcome = account.apply(parsed.payload, hit.referral, source).outcome;
    return gif();
  }

  return {
    handle,
    hits: (): PixelHit[] => structuredClone(hits),
    clear(): void {
      hits = [];
    },
  };
}
