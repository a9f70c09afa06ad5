/**
 * The receipt's conversion HTML: a merchant-written template with UltraCart-style `[Token]`
 * placeholders, replaced per order. Text tokens are HTML-escaped; `[OrderJson]` and
 * `[ItemsJson]` are script-safe JSON; `[PartnerPixel]` is the integration's markup for the
 * mode in use. `[OrderJson]`, `[ItemsJson]`, `[ItemsHtml]`, `[PartnerPixel]` and `[ScriptSrc]`
 * are harness-only: the simulated store's own, not known UltraCart tokens. Unknown tokens stay as written, as
 * UltraCart leaves them.
 */
import { buildQuery, formatCents, readOrder, toPayload, type WireKeys } from 'partner-pixel/wire';
import { orderJson } from './order-json.js';
import type { StoreOrder } from './pricing.js';
import { escapeHtml, jsonForScript } from '../web/html.js';
import { receiptScriptSrc, scriptTag, type PixelSettings } from '../web/script-tag.js';

/** The default conversion HTML: a thank-you block, the order lines and the pixel. */
export const DEFAULT_CONVERSION_HTML = `<h1>Thank you for your order, [FirstName]!</h1>
<section>
<p>Order <b id="order-id">[OrderId]</b>. A receipt is on its way to [Email].</p>
<table><thead><tr><th>Product</th><th class="num">Qty</th><th class="num">Price</th></tr></thead>
<tbody>[ItemsHtml]</tbody></table>
<table class="totals">
<tr><td>Subtotal</td><td class="num">$[Subtotal]</td></tr>
<tr><td>Discount</td><td class="num">-$[Discount]</td></tr>
<tr><td>Tax</td><td class="num">$[Tax]</td></tr>
<tr><td>Shipping</td><td class="num">$[Shipping]</td></tr>
<tr><td>Handling</td><td class="num">$[Handling]</td></tr>
<tr><th>Total</th><th class="num" id="order-total">$[Total]</th></tr>
</table>
</section>
[PartnerPixel]`;

/** Where the receipt's pixel goes and how the merchant integrates. */
export interface ConversionContext {
  pixel: PixelSettings;
  scriptSrc: string;
  /** ONTRAPORT's origin and keys, for the original pixel image. */
  ontraport: { origin: string; keys: WireKeys };
  /** Tag + bridge: the receipt carries no tag; the order webhook reports the sale. @defaultValue false */
  bridge?: boolean;
}

/** The markup `[PartnerPixel]` stands for, per integration mode. */
export function partnerPixelMarkup(order: StoreOrder, ctx: ConversionContext): string {
  // UltraCart puts the tracking HTML (the page tag) on every page but the receipt.
  if (ctx.bridge) return '<!-- tag + bridge: no receipt tag; UltraCart\'s order webhook reports this sale to the bridge -->';
  const mode = ctx.pixel.mode ?? 'pixel';
  if (mode == 'original') {
    const checked = readOrder(orderJson(order));
    if (!checked.ok) return `<!-- order not reportable: ${escapeHtml(checked.reason)} -->`;
    // ONTRAPORT's own pixel knows nothing of our referral: it relies on ONTRAPORT's cookie.
    const withoutPartner = { ...checked.order };
    delete withoutPartner.partner;
    const src = `${ctx.ontraport.origin}/p?${buildQuery(toPayload(withoutPartner), ctx.ontraport.keys)}`;
    return `<img src="${escapeHtml(src)}" width="1" height="1" alt="" style="position:absolute;left:-9999px">`;
  }
  return (
    `<script type="application/json" id="partner-pixel-order">${jsonForScript(orderJson(order))}</script>\n` +
    scriptTag(receiptScriptSrc(ctx.scriptSrc), ctx.pixel)
  );
}

/**
 * The text tokens of an order, unescaped: names, address, amounts as decimal strings and the
 * custom fields. The receipt escapes them for HTML; the fixtures' `receiptUrl` redirect
 * URL-encodes them.
 */
export function textTokens(order: StoreOrder): Record<string, string> {
  const tokens: Record<string, string> = {
    OrderId: order.orderId,
    Email: order.email,
    FirstName: order.firstName,
    LastName: order.lastName,
    Address: order.address ?? '',
    City: order.city ?? '',
    State: order.state ?? '',
    Zip: order.zip ?? '',
    Country: order.country ?? '',
    Subtotal: formatCents(order.subtotal),
    Discount: formatCents(order.discount),
    Tax: formatCents(order.tax),
    Shipping: formatCents(order.shipping),
    Handling: formatCents(order.handling),
    Total: formatCents(order.total),
  };
  for (let n = 1; n <= 7; n++) tokens[`CustomField${n}`] = order.customFields[n - 1] || '';
  // Per-line tokens, as themes print items one by one.
  order.items.forEach((item, i) => {
    tokens[`ItemId${i + 1}`] = item.id;
    tokens[`ItemUnitCost${i + 1}`] = formatCents(item.price);
    tokens[`ItemQuantity${i + 1}`] = String(item.quantity);
  });
  return tokens;
}

/** Every token's replacement for an order, already escaped for where it goes. */
export function conversionTokens(order: StoreOrder, ctx: ConversionContext): Record<string, string> {
  const json = orderJson(order);
  const tokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(textTokens(order))) tokens[name] = escapeHtml(value);
  return {
    ...tokens,
    ItemsHtml: order.items
      .map(
        (i) =>
          `<tr><td>${escapeHtml(i.name)} <span class="muted">${escapeHtml(i.id)}</span></td>` +
          `<td class="num">${i.quantity}</td><td class="num">$${formatCents(i.price)}</td></tr>`,
      )
      .join(''),
    // Harness-only: [ItemsJson] and [OrderJson] are not known UltraCart tokens; a real receipt builds
    // the order block from the per-field tokens (docs/ultracart.md).
    ItemsJson: jsonForScript(json.items),
    OrderJson: jsonForScript(json),
    ScriptSrc: escapeHtml(receiptScriptSrc(ctx.scriptSrc)),
    PartnerPixel: partnerPixelMarkup(order, ctx),
  };
}

/** The template with every known token replaced, in one pass (replacements are not re-scanned). */
export function renderConversion(template: string, order: StoreOrder, ctx: ConversionContext): string {
  const tokens = conversionTokens(order, ctx);
  return template.replace(/\[(\w+)\]/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(tokens, name) ? tokens[name] : whole,
  );
}
