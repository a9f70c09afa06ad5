/**
 * The sandbox's status line: a small bar at the top of the landing, checkout and receipt
 * pages that says what the tag did (partner captured, pixel sent, already sent), with a link
 * to the ONTRAPORT dashboard. It is the sandbox's, never the tag's: the simulated pages add
 * it when `createSimulation({ statusLine: true })`. It reads only what really happened (the
 * tag's cookie, ledger and console warnings, and the simulated ONTRAPORT's log through its
 * control API) and decides what to say with the pure functions of `status-facts.ts`.
 */
import { COOKIE_NAME, formatCents, LEDGER_KEY, OLD_LEDGER_KEY } from 'partner-pixel/wire';
import { jsonForScript } from '../web/html.js';
import {
  decodeReferralCookie,
  afterFailure,
  hitSentence,
  ledgerFacts,
  pageStatus,
  partnerName,
  bridgeReceiptStatus,
  receiptStatus,
  tagNotStarted,
  waitingSentence,
  warnedSentence,
  type PageFacts,
  type StatusLine,
} from './status-facts.js';

/** Where the line reads the account from and links to. */
export interface StatusLineOptions {
  /** The simulated ONTRAPORT's origin: its `/__harness/state` and its dashboard at `/`. */
  ontraportOrigin: string;
  /** The tag's referral cookie. @defaultValue the tag's own default, `pp_ref` */
  cookieName?: string;
}

/** The page the line is on: a receipt knows its order and when the server rendered it. */
export type StatusPage =
  | { kind: 'page'; /** What a person does next on this page, shown after the status. */ next?: string }
  | { kind: 'receipt'; orderId: string; renderedAt: string; /** Rendered with "tag + bridge". */ bridge?: boolean };

type ClientConfig = StatusPage & {
  state: string;
  dashboard: string;
  cookieName: string;
  ledgerKeys: [current: string, old: string];
  pollMs: number;
};

/** The bar itself: "Sandbox:", the line's text, the link to the dashboard. Runs in the page. */
function statusBox(dashboard: string): { box: HTMLElement; text: HTMLElement } {
  const box = document.createElement('aside');
  box.id = 'pp-status';
  box.setAttribute('role', 'status');
  const label = document.createElement('b');
  label.textContent = 'Sandbox: ';
  const text = document.createElement('span');
  const link = document.createElement('a');
  link.href = dashboard;
  link.textContent = 'Open the ONTRAPORT dashboard';
  box.append(label, text, ' ', link);
  return { box, text };
}

/**
 * Runs in the page, before the tag (so it sees the tag's first warning and the ledger as the
 * tag found it). Serialised with `toString`: it may use only its argument, the browser and
 * the functions of `status-facts.ts` put beside it.
 */
function statusClient(c: ClientConfig): void {
  const started = Date.now();
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const line = String(args[0]);
    if (line.startsWith('[partner-pixel] ')) warnings.push(line.slice(16));
    warn.apply(console, args);
  };
  const ledger = () => {
    try {
      return ledgerFacts(localStorage.getItem(c.ledgerKeys[0]), localStorage.getItem(c.ledgerKeys[1]));
    } catch {
      return ledgerFacts(null, null);
    }
  };
  const sentBefore = c.kind == 'receipt' && ledger().sent.includes(c.orderId);
  const cookie = () => {
    const pair = document.cookie.split('; ').find((p) => p.startsWith(c.cookieName + '='));
    return pair ? decodeURIComponent(pair.slice(c.cookieName.length + 1)) : undefined;
  };
  const { box, text } = statusBox(c.dashboard);
  const show = (line: StatusLine) => {
    box.className = 'sandbox-status ' + line.tone;
    const shown = line.text + (c.kind == 'page' && c.next ? ' Next: ' + c.next : '');
    if (text.textContent != shown) text.textContent = shown;
  };
  let account: PageFacts['account'] = null;
  const facts = (): PageFacts => {
    const script = document.querySelector<HTMLScriptElement>('script[data-subdomain]');
    return {
      referral: decodeReferralCookie(cookie()),
      tagAttribution: /^first$/i.test(script?.dataset.attribution || '') ? 'first' : 'last',
      account,
      waiting: ledger().waiting,
      warnings,
      // A page without the tag (ONTRAPORT's original pixel) has nothing to wait for.
      tagPending: !!script && !(window as { partnerPixel?: { l?: 1 } }).partnerPixel?.l,
      elapsed: Date.now() - started,
    };
  };
  const update = () =>
    show(c.kind == 'receipt' ? receiptStatus({ ...facts(), orderId: c.orderId, renderedAt: c.renderedAt, sentBefore, bridge: c.bridge }) : pageStatus(facts()));
  const poll = () =>
    fetch(c.state, { cache: 'no-store' })
      .then((r) => r.json())
      .then((s) => (account = s), () => undefined)
      .then(update);
  document.addEventListener('DOMContentLoaded', () => {
    document.querySelector('main')?.prepend(box);
    show({ tone: 'wait', text: 'Waiting for the tag…' });
    poll();
    setInterval(poll, c.pollMs);
  });
}

/** How often the line reads the account again: often enough to watch a retry land. */
const POLL_MS = 1000;

/** The functions the page runs, as source: the wire's money format, the pure deciders, then the client. */
const CLIENT_SOURCE = [`const formatCents = ${formatCents};`, ledgerFacts, decodeReferralCookie, partnerName, afterFailure, waitingSentence, warnedSentence, tagNotStarted, pageStatus, hitSentence, bridgeReceiptStatus, receiptStatus, statusBox, statusClient]
  .map(String)
  .join('\n');

/** The `<script>` that adds the status line to a page; put it before the tag's script. */
export function statusLineScript(options: StatusLineOptions, page: StatusPage): string {
  const origin = new URL(options.ontraportOrigin).origin;
  const config: ClientConfig = {
    ...page,
    state: `${origin}/__harness/state`,
    dashboard: `${origin}/`,
    cookieName: options.cookieName ?? COOKIE_NAME,
    ledgerKeys: [LEDGER_KEY, OLD_LEDGER_KEY],
    pollMs: POLL_MS,
  };
  // In a function of its own, so that none of these names lands on the merchant's page.
  return `<script>(function(){${CLIENT_SOURCE}\nstatusClient(${jsonForScript(config)});})()</script>`;
}
