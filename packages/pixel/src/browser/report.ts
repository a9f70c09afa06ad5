/**
 * The debug build's install report: one console group per page, printed once the page's own
 * work is done (the order block read and its pixel delivered or refused), that says which tag
 * ran, the configuration as understood (and every option it could not read), the referral this
 * browser holds, whether an order block was found and what became of it, each pixel sent,
 * decoded key by key, and each pixel this browser still holds for delivery (from this page or
 * an earlier one) with what happens to it next. A page with nothing to do still gets its report.
 */
import { TAG, VERSION } from '../build.js';
import { checkOptions } from '../core/config.js';
import type { PixelOptions } from '../options.js';
import { optinId, type Pixel, type PurchaseResult } from '../pixel.js';
import { DEFAULT_KEYS, parseQuery } from '../core/wire.js';
import { ORDER_BLOCK_ID } from './order-block.js';
import { openOutbox } from './outbox.js';
import { RECENT_KEPT, type Ledger, type Pending } from '../core/storage.js';

/**
 * The report's line for a pixel still in the ledger: what a merchant asks when a sale has not
 * arrived. `now` in ms, as `due`.
 */
export function waitingLine(p: Pending, now: number): string {
  const seconds = Math.max(0, Math.ceil((p.due - now) / 1000));
  const attempts = `${p.tries} attempt${p.tries == 1 ? '' : 's'}`;
  if (p.inFlight)
    return `waiting: ${p.id}, ${attempts}, the last one in flight: it counts as delivered unless an outcome is written within ${seconds} s`;
  if (!p.tries) return `waiting: ${p.id}, not tried yet`;
  return `waiting: ${p.id}, ${attempts} failed, next ${seconds ? `in ${seconds} s` : 'now'} (on this page while it stays, else on this site's next page view)`;
}

/** The pixel URL delivered earlier for a duplicate's order or opt-in, if the ledger still has it. */
function sentThen(r: PurchaseResult, options: PixelOptions, recent: Ledger['recent']): string | undefined {
  const read = parseQuery(new URL(r.url!).searchParams, { ...DEFAULT_KEYS, ...options.keys });
  const id = read.ok && (read.payload.affOnly ? optinId(read.payload.email) : read.payload.orderId);
  return (Array.isArray(recent) && recent.find((p) => p && p.id == id)?.url) || undefined;
}

/** The report's line for a purchase or opt-in that waits for consent: nothing has happened to it yet. */
export const HELD_LINE = "held until consent: nothing sent yet (partnerPixel('consent', true) sends it, and a new report follows)";

/** The pixel, with every purchase and opt-in noted for the report, which it schedules. */
export function reporting(pixel: Pixel, options: PixelOptions): Pixel {
  const script = document.currentScript as HTMLScriptElement | null;
  const tag = script?.dataset.tag || TAG;
  const outcomes: Array<{ what: string; result: Promise<PurchaseResult> }> = [];
  const noted =
    (what: string, call: (arg: unknown) => Promise<PurchaseResult>) =>
    (arg: unknown): Promise<PurchaseResult> => {
      const result = call(arg);
      outcomes.push({ what, result });
      return result;
    };
  // Work held for consent settles only once it is given, which may be never: the report does
  // not wait for it, and prints again once consent is given.
  let consented = !options.requireConsent;
  let heldShown = false;
  const settled = (result: Promise<PurchaseResult>) =>
    // An outcome already settled wins the race: its reaction was queued first.
    consented ? result : Promise.race([result, Promise.resolve(undefined)]);
  const attributes = script ? Array.from(script.attributes, (a) => a.name).filter((n) => n.startsWith('data-')) : [];
  const print = async () => {
    const done = await Promise.all(outcomes.map(async ({ what, result }) => [what, await settled(result)] as const));
    heldShown = done.some(([, r]) => !r);
    const { notes, understood } = checkOptions(options as Record<string, unknown>, attributes, location.hostname);
    const log = console.info;
    console.group(`[partner-pixel] install report: ${tag} tag ${VERSION} on ${location.host}`);
    log('configuration as understood:', understood);
    for (const note of notes) console.warn('[partner-pixel] ' + note);
    const held = pixel.referral();
    log(held ? `referral held: first orid ${held.first.orid}, last orid ${held.last.orid}` : 'referral held: none', held || '');
    log(document.getElementById(ORDER_BLOCK_ID) ? `order block #${ORDER_BLOCK_ID}: found` : `order block #${ORDER_BLOCK_ID}: none on this page`);
    if (!done.length) log('nothing sent from this page');
    // Read once, after this page's purchases settled: what was sent then, and what still waits.
    const ledger = openOutbox(() => {}).read();
    for (const [what, r] of done) {
      if (!r) {
        log(`${what}: ${HELD_LINE}`);
        continue;
      }
      log(`${what}: ${r.status}${r.reason ? ' (' + r.reason + ')' : ''}`);
      if (r.url) {
        let url = r.url;
        if (r.status == 'duplicate') {
          const sent = sentThen(r, options, ledger.recent);
          log(sent ? 'already sent from this browser; the pixel as sent then:' : `already sent from this browser; the URL sent then is no longer kept (the ledger keeps the last ${RECENT_KEPT}); the pixel as rebuilt now:`);
          url = sent || url;
        }
        log(url);
        console.table(Object.fromEntries(new URL(url).searchParams));
      }
    }
    for (const p of ledger.queue) log(waitingLine(p, Date.now()));
    console.groupEnd();
  };
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // After the order block's turn (read on DOMContentLoaded when it stands below the tag).
    setTimeout(() => void print().catch(() => {}), 0);
  };
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', schedule);
  else schedule();
  const consent = (granted: boolean) => {
    pixel.consent(granted);
    consented = !!granted;
    // The held work now runs: report it once it settles.
    if (consented && heldShown) {
      heldShown = false;
      scheduled = false;
      schedule();
    }
  };
  return { ...pixel, consent, purchase: noted('purchase', pixel.purchase), optin: noted('optin', pixel.optin) };
}
