/**
 * The partner-pixel script tag as a merchant writes it, and the built script file itself,
 * served by the simulated sites (read on every request, so a rebuild shows at once).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { HttpResponse } from 'msw';
import type { Attribution } from '../ontraport/types.js';
import { attrs } from './html.js';

/**
 * How the merchant integrates: `pixel` (our script fires the sale pixel), `api` (the API
 * method reports sales, so our script must send none), `original` (no library at all: the
 * receipt carries ONTRAPORT's plain pixel image, which relies on ONTRAPORT's own cookie).
 */
export type IntegrationMode = 'pixel' | 'api' | 'original';

/** The script tag's settings, as `data-*` attributes. */
export interface PixelSettings {
  /** The ONTRAPORT tracking host, e.g. `acme.ontraport.com` or `ontraport.localhost:8080`. */
  subdomain: string;
  /** Hosts allowed besides ONTRAPORT's domains (loopback hosts must be listed). @defaultValue [] */
  allowedHosts?: string[];
  /** Which referral the pixel carries. @defaultValue 'last' */
  attribution?: Attribution;
  /** @defaultValue 'pixel' */
  mode?: IntegrationMode;
  /** Logs every step in the console. @defaultValue false */
  debug?: boolean;
  /**
   * `data-custom-fields`: which UltraCart `CustomFieldN` the page tag writes each referral key
   * into on checkout links, e.g. `orid:1,sid:2,opid:3` (the bridge reads the order's fields).
   * @defaultValue undefined (none written)
   */
  customFields?: string;
}

/** `<script async src=... data-...>` for a page; empty in `original` mode (no library there). */
export function scriptTag(src: string, pixel: PixelSettings, extra: { checkoutHosts?: string[] } = {}): string {
  const mode = pixel.mode ?? 'pixel';
  if (mode == 'original') return '';
  return `<script async${attrs({
    src,
    'data-subdomain': pixel.subdomain,
    'data-allowed-hosts': pixel.allowedHosts?.length ? pixel.allowedHosts.join(',') : undefined,
    'data-attribution': pixel.attribution,
    'data-mode': mode == 'api' ? 'api' : undefined,
    'data-checkout-hosts': extra.checkoutHosts?.length ? extra.checkoutHosts.join(',') : undefined,
    'data-custom-fields': pixel.customFields,
    'data-debug': pixel.debug === true,
  })}></script>`;
}

/**
 * The built tags, by file name: the page tag on every page, the receipt tag on receipts, and
 * the debug build, which either loads from its own origin in debug mode. This is the one place
 * that picks which file a page loads.
 */
export const SCRIPT_FILES = {
  page: 'partner-pixel.min.js',
  receipt: 'partner-pixel-receipt.min.js',
  debug: 'partner-pixel-debug.min.js',
} as const;

/** The receipt tag's URL, next to the page tag's `src`. */
export const receiptScriptSrc = (src: string): string =>
  src.replace(/[^/]*$/, (name) => (name == SCRIPT_FILES.page ? SCRIPT_FILES.receipt : name));

/** Absolute path of a built tag (default the page tag, `partner-pixel/script`); throws when it is not built. */
export function pixelScriptPath(file: string = SCRIPT_FILES.page): string {
  return createRequire(import.meta.url).resolve('partner-pixel/script').replace(/[^/\\]*$/, file);
}

/** GET handler body for a built tag. */
export async function serveScript(file: string = SCRIPT_FILES.page): Promise<Response> {
  let body: string;
  try {
    body = await readFile(pixelScriptPath(file), 'utf8');
  } catch {
    return new HttpResponse('partner-pixel is not built: run `npx rollup -c` at the repository root.', {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new HttpResponse(body, {
    headers: { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
