/**
 * The script-tag build: configured by `data-*` attributes on its own tag, it captures the
 * referral, retries waiting pixels, sends the order from the JSON block, and then replays
 * and serves the `partnerPixel(...)` command queue. Nothing here may throw into the page.
 */
import { logger } from './browser/debug.js';
import { createPixel } from './pixel.js';
import type { PixelOptions } from './options.js';

type Queue = { (command: string, arg?: unknown): void; q?: ArrayLike<unknown>[]; l?: 1 };
const w = window as unknown as { partnerPixel?: Queue };
const stub = w.partnerPixel;
const { warn } = logger();

// A second copy of the tag on the same page must not capture or send again.
if (!stub?.l)
  try {
    const data = (document.currentScript as HTMLScriptElement | null)?.dataset || {};
    const flag = (v?: string) => v != null && v != 'false';
    const list = (v?: string) => v?.split(',').map((s) => s.trim()) || [];
    // A typo in data-keys must cost the overrides only, not capture and the pixel.
    const keys = (v?: string) => {
      try {
        return JSON.parse(v || '{}');
      } catch {
        warn('data-keys is not JSON; default keys used');
      }
    };
    const options: PixelOptions = {
      subdomain: data.subdomain,
      mode: data.mode as PixelOptions['mode'],
      attribution: data.attribution as PixelOptions['attribution'],
      cookieDomain: data.cookieDomain,
      cookieDays: +data.cookieDays!,
      checkoutHosts: list(data.checkoutHosts),
      allowedHosts: list(data.allowedHosts),
      keys: keys(data.keys),
      debug: flag(data.debug),
      requireConsent: flag(data.requireConsent),
      respectGpc: flag(data.respectGpc),
    };
    const queued: ArrayLike<unknown>[] = [].slice.call(stub?.q || []);
    // `init` queued before the script arrived configures it; page code wins over attributes.
    queued.forEach((a) => a[0] == 'init' && Object.assign(options, a[1]));
    const pixel = createPixel(options);
    const api: Queue = (command, arg) => {
      try {
        if (command == 'purchase') pixel.purchase(arg);
        else if (command == 'consent') pixel.consent(!!arg);
        else if (command == 'capture') pixel.capture(arg as string);
        else warn(`command ${String(command)} unknown, or init after load`);
      } catch {
        // A command that cannot even be printed (a Symbol, a hostile toString) is ignored.
      }
    };
    pixel.capture();
    pixel.flush();
    let block: HTMLElement | null = null;
    const fromBlock = () => {
      if (block) return;
      try {
        block = document.getElementById('partner-pixel-order');
        block && pixel.purchase(JSON.parse(block.textContent!));
      } catch (e) {
        warn('order block: ' + e);
      }
    };
    // The block above the tag is read at once. One below it is read when the parser is done,
    // or, if the buyer leaves before that, as the page goes: then at least the outbox has it.
    fromBlock();
    document.addEventListener('DOMContentLoaded', fromBlock);
    addEventListener('pagehide', fromBlock);
    api.l = 1;
    w.partnerPixel = api;
    queued.forEach((a) => a[0] != 'init' && api(a[0] as string, a[1]));
  } catch (e) {
    warn('not started: ' + e);
  }
