/**
 * The merchant's own site: a landing page with the capture script, "Buy" links and a form
 * that lead to the UltraCart checkout on another site. The library decorates those links and
 * the form with the referral, so it survives the hop (docs/wire.md, the cross-site hand-off).
 */
import { http, type HttpHandler } from 'msw';
import { formatCents } from 'partner-pixel/wire';
import { DEFAULT_CATALOG, type Product } from '../ultracart/pricing.js';
import { escapeHtml } from '../web/html.js';
import { htmlResponse, noFavicon } from '../web/http.js';
import { BRANDS, layout } from '../web/layout.js';
import { scriptTag, type PixelSettings } from '../web/script-tag.js';
import { statusLineScript, type StatusLineOptions } from '../sandbox/status-line.js';

export interface MerchantOptions {
  /** Where the site answers, e.g. `https://www.merchant.example` or `http://localhost:8080`. */
  origin: string;
  /** The checkout's host (and port), e.g. `secure.ultracart.com`: links there get decorated. */
  checkoutHost: string;
  /** The checkout's scheme. @defaultValue the merchant origin's scheme */
  checkoutProtocol?: 'http:' | 'https:';
  /** Where the page loads the script from. */
  scriptSrc: string;
  pixel: PixelSettings;
  /** What the page offers. @defaultValue DEFAULT_CATALOG */
  products?: Product[];
  /** The sandbox's status line on every page (never part of the tag). @defaultValue undefined (none) */
  statusLine?: StatusLineOptions;
}

export interface MerchantSite {
  origin: string;
  host: string;
  handlers: HttpHandler[];
  /** The landing page: what promo tools point partners' visitors to. */
  landingUrl: string;
  /** Changes the script-tag settings (e.g. `attribution`) for pages rendered from now on. */
  configure(pixel: Partial<PixelSettings>): void;
}

/** The status line's hint on the merchant's pages. */
const NEXT = 'click Buy: the checkout is another site, and the tag adds the partner to the link.';

/** Creates the merchant's landing site answering at `origin`. */
export function createMerchantSite(options: MerchantOptions): MerchantSite {
  const base = new URL(options.origin);
  const origin = base.origin;
  const checkout = `${options.checkoutProtocol ?? base.protocol}//${options.checkoutHost}/checkout`;
  const products = options.products ?? DEFAULT_CATALOG;
  // The library matches checkout links by host name, without the port.
  const checkoutHosts = [new URL(checkout).hostname];
  let pixel: PixelSettings = { ...options.pixel };
  // The status line goes before the tag, so that it sees the tag's first warning.
  const tags = () =>
    (options.statusLine ? statusLineScript(options.statusLine, { kind: 'page', next: NEXT }) : '') + scriptTag(options.scriptSrc, pixel, { checkoutHosts });

  function landing(): Response {
    const cards = products
      .map(
        (p) =>
          `<div class="product"><b>${escapeHtml(p.name)}</b><p class="muted">$${formatCents(p.price)}</p>` +
          `<a class="button buy" data-sku="${escapeHtml(p.id)}" href="${escapeHtml(`${checkout}?item=${encodeURIComponent(p.id)}`)}">Buy ${escapeHtml(p.name)}</a></div>`,
      )
      .join('');
    const all = products.map((p) => p.id).join(',');
    const bundle = `<p><a class="button buy" id="buy-all" href="${escapeHtml(`${checkout}?item=${encodeURIComponent(all)}`)}">Buy all ${products.length}: ${escapeHtml(products.map((p) => p.name).join(', '))}</a></p>`;
    const options_ = products.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}</option>`).join('');
    const body = `<h1>Grow your business with our courses</h1>
<section><p>Everything you need to launch, from the starter kit to one-to-one coaching.</p>
<div class="products">${cards}</div>${bundle}</section>
<section><h2>Order several</h2>
<!-- A POST, as UltraCart's add-to-cart forms: the library adds the referral to the action's query. -->
<form id="order-form" method="post" action="${escapeHtml(checkout)}">
<label>Product <select name="item">${options_}</select></label>
<label>Quantity <input name="qty" type="number" min="1" max="99" value="1"></label>
<p><button type="submit">Go to checkout</button></p></form></section>
<p class="muted"><a href="/about">About us</a></p>
${tags()}`;
    return htmlResponse(layout(BRANDS.merchant, 'Welcome', body, 'merchant website'));
  }

  // A second page: the referral captured on landing must still be there after browsing on.
  function about(): Response {
    const body = `<h1>About us</h1><section><p>We teach small businesses to sell online.</p>
<p><a class="button buy" href="${escapeHtml(`${checkout}?item=${encodeURIComponent(products[0].id)}`)}">Buy ${escapeHtml(products[0].name)}</a>
<a href="/">Back to the shop</a></p></section>
${tags()}`;
    return htmlResponse(layout(BRANDS.merchant, 'About us', body, 'merchant website'));
  }

  return {
    origin,
    host: base.host,
    landingUrl: `${origin}/`,
    configure(change) {
      pixel = { ...pixel, ...change };
    },
    handlers: [http.get(`${origin}/`, landing), http.get(`${origin}/about`, about), http.get(`${origin}/favicon.ico`, noFavicon)],
  };
}
