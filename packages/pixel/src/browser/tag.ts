/**
 * How a script tag starts, shared by the page tag, the receipt tag and the debug build:
 * options from the `data-*` attributes of its own tag, `init` from the command queue, the
 * pixel created, the referral captured, waiting pixels retried, and then the `partnerPixel`
 * stub replaced by the real function and the queue replayed.
 *
 * A tag hands its whole job over to a sibling file from its own origin when that file is
 * needed: a production tag in debug mode loads the debug build (which prints the report), and
 * the page tag, which has no delivery code, loads the receipt tag when a pixel from an earlier
 * page is still waiting. The sibling gets the same `data-*` attributes plus `data-tag`, and
 * acts as the tag it replaces: a page stays a page. Nothing here may throw into the page.
 */
import { DIAGNOSTICS, TAG } from '../build.js';
import { attributeOf, fromAttribute, misread, OPTION_NAMES, type PixelOptions } from '../options.js';
import { debugInUrl, logger } from './debug.js';
import { whenOrderBlock } from './order-block.js';
import { waitingInStorage } from './outbox.js';

type Queue = { (command: string, arg?: unknown): void; q?: ArrayLike<unknown>[]; l?: 1 };
type Commands = Record<string, (arg?: unknown) => unknown>;
type Create = (options: PixelOptions) => object;

/** The sibling files, next to the tag's own. */
export const RECEIPT_FILE = 'partner-pixel-receipt.min.js';
export const DEBUG_FILE = 'partner-pixel-debug.min.js';

const w = window as unknown as { partnerPixel?: Queue };
const { warn } = logger();

/**
 * Starts a tag whose pixel `create` makes. Acting as a page tag (the page tag itself, or a
 * sibling it loaded), purchases and opt-ins are refused with a warning.
 */
export function startTag(create: Create): void {
  const stub = w.partnerPixel;
  // A second copy of the tag on the same page must not capture or send again.
  if (stub?.l) return;
  guard(() => {
    const script = document.currentScript as HTMLScriptElement | null;
    const data = script?.dataset || {};
    const asPage = TAG == 'page' || data.tag == 'page';
    // Once only: the sibling, if it ran first, has installed the real function.
    const run = () => guard(() => w.partnerPixel?.l || start(data, stub, create, asPage));
    const sibling =
      !script || DIAGNOSTICS
        ? ''
        : (data.debug != null && data.debug != 'false') || debugInUrl()
          ? DEBUG_FILE
          : TAG == 'page' && waitingInStorage()
            ? RECEIPT_FILE
            : '';
    if (!sibling) return run();
    const next = document.createElement('script');
    Object.assign(next.dataset, data, { tag: TAG });
    next.src = new URL(sibling, script!.src).href;
    // Without the sibling the page still gets this tag's own work done; and if the page goes
    // before the sibling has run, this tag does it then, so the order is at least in the outbox.
    next.onerror = () => {
      warn(next.src + ' not loaded');
      run();
    };
    addEventListener('pagehide', run);
    document.head.append(next);
  });
}

/** Runs `work`; whatever it throws is printed, never thrown at the page. */
function guard(work: () => unknown): void {
  try {
    work();
  } catch (e) {
    warn('not started: ' + e);
  }
}

function start(data: DOMStringMap, stub: Queue | undefined, create: Create, asPage: boolean) {
  const options: Record<string, unknown> = {};
  for (const name in data)
    try {
      // A misspelled attribute would otherwise be ignored without a word; in the debug build
      // the report names it once, with the name it resembles.
      if (OPTION_NAMES.includes(name)) options[name] = fromAttribute(name, data[name]!);
      else if (name != 'tag' && TAG != 'debug') misread(warn, attributeOf(name), data[name], 'unknown', OPTION_NAMES.map(attributeOf).join(', '));
    } catch {
      // A typo in data-keys must cost the overrides only, not capture and the pixel.
      misread(warn, attributeOf(name), data[name], 'ignored', 'a JSON object');
    }
  const queued = [...(stub?.q || [])];
  // `init` queued before the script arrived configures it; page code wins over attributes.
  queued.forEach((a) => a[0] == 'init' && Object.assign(options, a[1]));
  // The pixel's own methods are the commands: purchase, optin, consent, capture, flush.
  const pixel = create(options) as Commands;
  if (asPage)
    for (const what of ['purchase', 'optin'])
      pixel[what] = () => warn(what + ' needs the receipt tag (' + RECEIPT_FILE + ') on this page: nothing sent');
  const api: Queue = (command, arg) => {
    try {
      if ({}.hasOwnProperty.call(pixel, command)) pixel[command](arg);
      else warn(`command ${String(command)} unknown, or init after load`);
    } catch {
      // A command that cannot even be printed (a Symbol, a hostile toString) is ignored.
    }
  };
  pixel.capture();
  pixel.flush();
  whenOrderBlock((block) => {
    try {
      pixel.purchase(JSON.parse(block.textContent!));
    } catch (e) {
      warn('order block: ' + e);
    }
  });
  api.l = 1;
  w.partnerPixel = api;
  queued.forEach((a) => a[0] != 'init' && api(a[0] as string, a[1]));
}
