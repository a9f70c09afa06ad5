/**
 * The three simulated sites wired together with one call: the ONTRAPORT account, the
 * UltraCart store whose receipt reports to it, and the merchant's landing site.
 */
import type { HttpHandler } from 'msw';
import { createMerchantSite, type MerchantSite } from './merchant/merchant.js';
import { createOntraport, type Ontraport } from './ontraport/ontraport.js';
import type { Attribution, Integration } from './ontraport/types.js';
import { createUltracart, type UltraCart } from './ultracart/ultracart.js';
import type { IntegrationMode, PixelSettings } from './web/script-tag.js';

export interface SimulationOptions {
  /** e.g. `https://acme.ontraport.com`. */
  ontraportOrigin: string;
  /** e.g. `https://secure.ultracart.com`. */
  storeOrigin: string;
  /** e.g. `https://www.merchant.example`. */
  merchantOrigin: string;
  /** The account's crediting setting and the script's `data-attribution`. @defaultValue 'last' */
  attribution?: Attribution;
  /** @defaultValue 'pixel' */
  mode?: IntegrationMode;
  /** The script's `data-debug`. @defaultValue false */
  debug?: boolean;
  /** The store's receipt template with UltraCart `[Token]`s. @defaultValue the store's own */
  conversionHtml?: string;
  /** The store's first order number (`UC-<n>`). @defaultValue 1001 */
  firstOrderNumber?: number;
  /**
   * The sandbox's status line on the merchant's and the store's pages: the partner the tag
   * captured, whether the receipt's pixel reached ONTRAPORT or was already sent, and a link to
   * the dashboard. Added by the simulated pages, never by the tag.
   * @defaultValue false
   */
  statusLine?: boolean;
}

/** The three simulated sites; the Playwright fixtures' `sim` is one too. */
export interface Simulation {
  ontraport: Ontraport;
  store: UltraCart;
  merchant: MerchantSite;
  /** All three sites' handlers, for one server. */
  handlers: HttpHandler[];
}

const ONTRAPORT_DOMAIN = /\.ontraport\.(?:com|net)$/i;

/** Where the page tag writes the referral on checkout links with the bridge; `linkBridge` tells the bridge the same. */
export const BRIDGE_CUSTOM_FIELDS = 'orid:1,sid:2,opid:3';

/** Creates and wires the account, the store and the merchant site. */
export function createSimulation(options: SimulationOptions): Simulation {
  const attribution = options.attribution ?? 'last';
  // The account's setting and the tags' data-attribution move together: the tag must send the
  // referral ONTRAPORT credits, or switching the setting would prove nothing.
  const retag = (value: Attribution) => {
    store.configure({ attribution: value });
    merchant.configure({ attribution: value });
  };
  // "Tag only" / "tag + bridge": the store's webhooks and receipt, and the page tag's custom fields.
  const integration = {
    connected: () => store.webhooks.connected(),
    change(value: Integration) {
      store.setIntegration(value);
      const customFields = value == 'bridge' ? BRIDGE_CUSTOM_FIELDS : undefined;
      store.configure({ customFields });
      merchant.configure({ customFields });
    },
  };
  const ontraport = createOntraport({ origin: options.ontraportOrigin, attribution, onAttributionChange: (value) => retag(value), integration });
  const subdomain = ontraport.host;
  // A host off ONTRAPORT's domains (a loopback sandbox host) must be listed for the script to use it.
  const pixel: PixelSettings = {
    subdomain,
    attribution,
    mode: options.mode ?? 'pixel',
    ...(ONTRAPORT_DOMAIN.test(new URL(ontraport.origin).hostname) ? {} : { allowedHosts: [subdomain] }),
    ...(options.debug ? { debug: true } : {}),
  };
  const statusLine = options.statusLine ? { statusLine: { ontraportOrigin: ontraport.origin } } : {};
  const store = createUltracart({
    origin: options.storeOrigin,
    ontraport,
    pixel,
    ...(options.conversionHtml ? { conversionHtml: options.conversionHtml } : {}),
    ...(options.firstOrderNumber ? { firstOrderNumber: options.firstOrderNumber } : {}),
    ...statusLine,
  });
  const merchant = createMerchantSite({
    origin: options.merchantOrigin,
    checkoutHost: store.host,
    checkoutProtocol: new URL(store.origin).protocol as 'http:' | 'https:',
    scriptSrc: store.scriptSrc,
    pixel,
    ...statusLine,
  });
  return { ontraport, store, merchant, handlers: [...ontraport.handlers, ...store.handlers, ...merchant.handlers] };
}
