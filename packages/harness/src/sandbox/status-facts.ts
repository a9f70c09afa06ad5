/**
 * What the sandbox's status line says, decided from facts only: what the tag left in the
 * browser (its referral cookie, its ledger, its console warnings) and what the simulated
 * ONTRAPORT received (its pixel log and purchases). Pure, so Node tests cover every case; the
 * page runs these same functions (serialised with `toString`, so none may close over anything
 * or call anything but each other and the wire's `formatCents`, which the page gets beside them).
 */
import { formatCents } from 'partner-pixel/wire';

/** One referral of the tag's `pp_ref` cookie (format: docs/wire.md, the referral cookie). */
export interface CookieReferral {
  orid: string;
  sid?: string;
}

/** A line to show: a tone for its colour and the sentences. */
export interface StatusLine {
  tone: 'ok' | 'warn' | 'bad' | 'wait';
  text: string;
}

/** The parts of the account's state the line reads (`/__harness/state`). */
export interface AccountFacts {
  attribution: 'first' | 'last';
  partners: { id: number; firstName: string; lastName: string }[];
  pixels: { at: string; orderId?: string; outcome: string; reason?: string }[];
  purchases: { orderId: string; partnerId: number | null; referralSource: string | null; source?: string; status?: string; total?: number; items?: { id: string; quantity: number }[] }[];
}

/** What a landing or checkout page knows. */
export interface PageFacts {
  /** The tag's cookie, decoded, or null when there is none (undefined: unreadable). */
  referral: { first: CookieReferral; last: CookieReferral } | null | undefined;
  /** The tag's `data-attribution` as written on its script element. */
  tagAttribution: 'first' | 'last';
  /** Null until the account answered. */
  account: AccountFacts | null;
  /** Pixels waiting in the tag's ledger. */
  waiting: { orderId: string; attempts: number }[];
  /** The tag's `[partner-pixel]` warnings on this page, without the prefix. */
  warnings: string[];
  /** The page carries the tag and it has not started yet (`partnerPixel` is not its real function). */
  tagPending: boolean;
  /** Milliseconds since the page started. */
  elapsed: number;
}

/** What a receipt knows, besides the page's facts. */
export interface ReceiptFacts extends PageFacts {
  orderId: string;
  /** When the server rendered this page (ISO, the server's clock, as the pixel log's `at`). */
  renderedAt: string;
  /** Whether the tag's ledger listed the order as sent before the tag ran on this page. */
  sentBefore: boolean;
  /** Rendered with "tag + bridge": no receipt tag on the page; the bridge reports the order. @defaultValue false */
  bridge?: boolean;
}

/** What the tag's ledger says: the orders it sent and the pixels still waiting. */
export interface LedgerFacts {
  sent: string[];
  waiting: PageFacts['waiting'];
}

/**
 * The tag's ledger from its stored text: the current format (`{sent, queue: [{id, tries}]}`),
 * or, while that key is absent, the first one (`{d, q: [{i, n}]}`), which the tag still reads
 * (docs/delivery.md). Anything else reads as empty, as it does for the tag.
 */
export function ledgerFacts(current: string | null, old: string | null): LedgerFacts {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  try {
    const now = current != null;
    const l = JSON.parse((now ? current : old) || 'null') as Record<string, unknown> | null;
    if (!l || typeof l != 'object') return { sent: [], waiting: [] };
    const entry = (p: unknown) => (p && typeof p == 'object' ? (p as Record<string, unknown>) : {});
    return {
      sent: list(now ? l.sent : l.d).map(String),
      waiting: list(now ? l.queue : l.q).map((p) => {
        const e = entry(p);
        return { orderId: String(now ? e.id : e.i), attempts: Number(now ? e.tries : e.n) || 0 };
      }),
    };
  } catch {
    return { sent: [], waiting: [] };
  }
}

/** `1|<orid>:<sid>:<opid>:<time>|<same for the last>`, or null; undefined when unreadable. */
export function decodeReferralCookie(value: string | undefined): PageFacts['referral'] {
  if (value == null) return null;
  const parts = value.split('|');
  if (parts[0] != '1' || parts.length != 3) return undefined;
  const one = (part: string): CookieReferral => {
    const [orid, sid] = part.split(':');
    return sid ? { orid, sid } : { orid };
  };
  return { first: one(parts[1]), last: one(parts[2]) };
}

/** "Paula Partner #1", or "partner #7 (not in this account)". */
export function partnerName(account: AccountFacts | null, id: string | number | null | undefined): string {
  if (id == null) return 'no partner';
  const partner = account && account.partners.find((p) => String(p.id) == String(id));
  return partner ? `${partner.firstName} ${partner.lastName} #${partner.id}` : `partner #${id} (not in this account)`;
}

/** The sentence about pixels the tag still holds, or ''. */
export function waitingSentence(waiting: PageFacts['waiting']): string {
  if (!waiting.length) return '';
  const list = waiting.map((w) => `${w.orderId} (${w.attempts} attempt${w.attempts == 1 ? '' : 's'} so far)`).join(', ');
  return ` The tag still holds ${waiting.length == 1 ? 'a pixel' : waiting.length + ' pixels'} to deliver: ${list}; it retries on its own and on the next page it runs on.`;
}

/** The sentence quoting the tag's warnings on this page, or ''. */
export function warnedSentence(warnings: string[]): string {
  return warnings.length ? ` The tag warned: ${warnings.join(' / ')}.` : '';
}

/**
 * The line while the page's tag has not run yet, or undefined once it has (or when the page
 * has no tag): the tag is async, so until it runs, the cookie and the ledger say nothing of
 * this page. Waited for 5 s, then named as not started.
 */
export function tagNotStarted(f: PageFacts): StatusLine | undefined {
  if (!f.tagPending) return undefined;
  if (f.elapsed < 5000) return { tone: 'wait', text: 'Waiting for the tag…' };
  return { tone: 'bad', text: `The tag has not started on this page: its script did not load or did not run (the browser console says why).${warnedSentence(f.warnings)}` };
}

/** The line for a landing or checkout page: the partner the tag holds, and whom it will send. */
export function pageStatus(f: PageFacts): StatusLine {
  const warned = warnedSentence(f.warnings);
  const waiting = waitingSentence(f.waiting);
  const notStarted = tagNotStarted(f);
  if (notStarted) return notStarted;
  if (f.referral === undefined)
    return { tone: 'bad', text: `The tag's referral cookie is unreadable: no partner held.${warned}${waiting}` };
  if (!f.referral)
    return {
      tone: 'warn',
      text: `No partner captured in this browser: open a partner's promo link from the ONTRAPORT dashboard first, or this sale credits nobody.${warned}${waiting}`,
    };
  const { first, last } = f.referral;
  const sid = (r: CookieReferral) => (r.sid ? ` (sid ${r.sid})` : '');
  const held =
    first.orid == last.orid
      ? `Partner captured: ${partnerName(f.account, last.orid)}${sid(last)}.`
      : `Partners captured: first ${partnerName(f.account, first.orid)}${sid(first)}, last ${partnerName(f.account, last.orid)}${sid(last)}.`;
  const sent = f.tagAttribution == 'first' ? first : last;
  let sends = ` The tag will send the ${f.tagAttribution} referrer, ${partnerName(f.account, sent.orid)}, with the order`;
  if (f.account && f.account.attribution != f.tagAttribution)
    return { tone: 'bad', text: `${held}${sends}, but ONTRAPORT credits the ${f.account.attribution} referrer: they disagree.${warned}${waiting}` };
  sends += f.account ? `; ONTRAPORT credits the ${f.account.attribution} referrer too.` : '.';
  return { tone: f.warnings.length ? 'warn' : 'ok', text: `${held}${sends}${warned}${waiting}` };
}

/**
 * What the tag does after a failed pixel. It retries only what it saw fail: a dropped
 * connection rejects its fetch. An error status reaches it as an opaque answer (it sends
 * without CORS), which it cannot tell from success, so it counts the pixel as delivered and
 * never sends it again: a double would be worse (docs/delivery.md).
 */
export function afterFailure(f: ReceiptFacts, hit: AccountFacts['pixels'][number]): string {
  if (f.waiting.some((w) => w.orderId == f.orderId)) return '';
  if (hit.outcome != 'failed') return '';
  return (
    ' The tag cannot read an error status (it sends without CORS), so it counts this pixel as delivered and will not send it again:' +
    ' this sale is lost to the tag. The bridge reports it from UltraCart\'s order (docs/bridge.md).'
  );
}

/** What ONTRAPORT made of a pixel of this order, as a sentence. */
export function hitSentence(f: ReceiptFacts, hit: AccountFacts['pixels'][number]): StatusLine {
  const purchase = f.account?.purchases.find((p) => p.orderId == f.orderId);
  const via =
    purchase?.referralSource == 'query' ? 'named in the pixel' : purchase?.referralSource == 'cookie' ? "from ONTRAPORT's own cookie" : "the contact's earlier referrer";
  const credited = purchase?.partnerId != null;
  const credit = credited ? `credited ${partnerName(f.account, purchase!.partnerId)} (${via})` : 'credited no partner: neither the pixel nor the contact named one';
  switch (hit.outcome) {
    case 'recorded':
      return { tone: credited ? 'ok' : 'warn', text: `Pixel sent: ONTRAPORT recorded order ${f.orderId} and ${credit}. Reload this page: it must not send again.` };
    case 'duplicate':
      return { tone: 'ok', text: `Pixel sent, but ONTRAPORT already had order ${f.orderId}: counted once, ${credit}.` };
    case 'pending':
      return { tone: 'wait', text: `Pixel on its way: ONTRAPORT is holding the answer back (injected delay).` };
    case 'rejected':
      return { tone: 'bad', text: `ONTRAPORT rejected the pixel: ${hit.reason}. Nothing recorded.` };
    default:
      return { tone: 'bad', text: `Pixel not delivered (${hit.reason || hit.outcome}): nothing recorded yet.${afterFailure(f, hit)}` };
  }
}

/** A receipt with the bridge: what ONTRAPORT holds for the order, and which path reported it. */
export function bridgeReceiptStatus(f: ReceiptFacts): StatusLine {
  const lead = `No receipt tag on this page (tag + bridge): UltraCart's order webhook goes to the bridge.`;
  const live = (f.account?.purchases || []).filter((p) => p.orderId == f.orderId && p.status == 'paid');
  const sale = live[live.length - 1];
  if (!sale) {
    if (f.elapsed < 15000) return { tone: 'wait', text: `${lead} Waiting for the bridge to report order ${f.orderId} to ONTRAPORT…` };
    return { tone: 'bad', text: `${lead} ONTRAPORT has no sale for order ${f.orderId} yet: the terminal running the sandbox shows the bridge's log.` };
  }
  const path = sale.source == 'api' ? "the bridge's REST call" : sale.source == 'server-pixel' ? "the bridge's server-side pixel" : 'a receipt pixel';
  const items = (sale.items || []).map((i) => `${i.id} × ${i.quantity}`).join(', ');
  const total = formatCents(sale.total ?? 0);
  const credit = sale.partnerId != null ? `credited ${partnerName(f.account, sale.partnerId)}` : 'credited no partner: the order carried none';
  const twice = live.length > 1 ? ` Reported ${live.length} times: more than one path reports sales.` : '';
  return { tone: sale.partnerId != null && !twice ? 'ok' : 'warn', text: `${lead} ONTRAPORT recorded order ${f.orderId} through ${path}: ${items}, total $${total}, ${credit}.${twice}` };
}

/** The line for a receipt: sent now, sent before (a reload), waiting, refused, or not yet. */
export function receiptStatus(f: ReceiptFacts): StatusLine {
  if (f.bridge) return bridgeReceiptStatus(f);
  const hits = (f.account?.pixels || []).filter((h) => h.orderId == f.orderId);
  const now = hits.filter((h) => h.at >= f.renderedAt);
  const warned = warnedSentence(f.warnings);
  const waiting = waitingSentence(f.waiting);
  if (now.length) {
    const line = hitSentence(f, now[now.length - 1]);
    return { tone: line.tone, text: line.text + warned + waiting };
  }
  if (f.sentBefore) {
    const earlier = hits.find((h) => h.outcome == 'recorded');
    const seen = earlier
      ? `ONTRAPORT has had it since ${new Date(earlier.at).toLocaleTimeString()}.`
      : "ONTRAPORT's log has no pixel for it (its activity was cleared).";
    return { tone: 'ok', text: `Already sent, nothing new: the tag's ledger lists order ${f.orderId} as sent, so this load sent no pixel. ${seen}${warned}` };
  }
  if (f.waiting.some((w) => w.orderId == f.orderId)) return { tone: 'wait', text: `Sending order ${f.orderId}…${warned}${waiting}` };
  if (f.warnings.length) return { tone: 'bad', text: `No pixel sent.${warned}` };
  const notStarted = tagNotStarted(f);
  if (notStarted) return notStarted;
  if (!f.account || f.elapsed < 5000) return { tone: 'wait', text: 'Waiting for the tag…' };
  return { tone: 'bad', text: `No pixel for order ${f.orderId} has reached ONTRAPORT from this page.${waiting}` };
}
