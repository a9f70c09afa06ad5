/**
 * The promo link, ONTRAPORT's `/c`: a partner's link sets ONTRAPORT's own cookie on its host
 * and redirects to the promo tool's landing page with `orid`, `opid` (and `sid`) added.
 */
import { HttpResponse } from 'msw';
import { parseReferral, type ReferralParams } from 'partner-pixel/wire';
import { readCookie } from '../web/http.js';
import type { Account } from './account.js';
import { text } from './responses.js';

/** ONTRAPORT's own partner cookie, set on its host by the promo link (the original method). */
export const ONTRAPORT_COOKIE = 'oprid';

/** The partner's promotional link for a promo tool: `${origin}/c?orid=..&opid=..[&sid=..]`. */
export function promoLinkUrl(origin: string, partnerId: number, promoToolId: number, sid?: string): string {
  const url = new URL('/c', origin);
  url.searchParams.set('orid', String(partnerId));
  url.searchParams.set('opid', String(promoToolId));
  if (sid) url.searchParams.set('sid', sid);
  return url.href;
}

/** GET /c: ONTRAPORT's promo-link click. Sets its own cookie, then on to the landing page. */
export function followPromoLink(request: Request, account: Account, cookieDays: number): Response {
  const q = new URL(request.url).searchParams;
  const ref = parseReferral((k) => q.get(k));
  const partner = ref && account.partner(+ref.orid);
  const tool = ref?.opid ? account.promoTool(+ref.opid) : undefined;
  if (!ref || !partner || !tool) return text('Unknown partner or promotional tool', 404);
  const target = new URL(tool.landingUrl);
  target.searchParams.set('orid', ref.orid);
  target.searchParams.set('opid', ref.opid!);
  if (ref.sid) target.searchParams.set('sid', ref.sid);
  // Over https the cookie must be SameSite=None; Secure to reach ONTRAPORT from the receipt
  // page (a third-party context), which is exactly what browsers that block them refuse.
  const flags = new URL(request.url).protocol == 'https:' ? '; SameSite=None; Secure' : '';
  const value = [ref.orid, ref.opid, ref.sid || ''].join(':');
  return new HttpResponse(null, {
    status: 302,
    headers: {
      Location: target.href,
      'Set-Cookie': `${ONTRAPORT_COOKIE}=${value}; Path=/; Max-Age=${cookieDays * 86400}${flags}`,
      'Cache-Control': 'no-store',
    },
  });
}

/** The referral of ONTRAPORT's own cookie in a `Cookie` header, as the original pixel relies on. */
export function cookieReferral(header: string | null): ReferralParams | undefined {
  const value = readCookie(header, ONTRAPORT_COOKIE);
  if (!value) return undefined;
  const [orid, opid, ...sid] = value.split(':');
  const parts: Record<string, string | undefined> = { orid, opid, sid: sid.join(':') || undefined };
  return parseReferral((k) => parts[k]);
}
