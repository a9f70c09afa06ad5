/**
 * The simulated UltraCart's pages: the checkout form, the product chooser and the refund
 * admin. The receipt comes from the conversion HTML (`conversion.ts`).
 */
import { CONTACT_FIELDS, formatCents } from 'partner-pixel/wire';
import { TEST_BUYER, TEST_CARDS, type Product, type StoreOrder } from './pricing.js';
import { escapeHtml } from '../web/html.js';
import { BRANDS, layout } from '../web/layout.js';

/** The form's label of each contact field the pixel carries (the list itself: `CONTACT_FIELDS`). */
const CONTACT_LABELS: Record<(typeof CONTACT_FIELDS)[number], string> = {
  firstName: 'First name',
  lastName: 'Last name',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  country: 'Country',
  phone: 'Phone',
};

/** The checkout's fields: the email, the contact fields of the wire contract, card and coupon. */
const FIELDS: [name: string, label: string, type: string, required: boolean][] = [
  ['email', 'Email', 'email', true],
  ...CONTACT_FIELDS.map((name): [string, string, string, boolean] => [name, CONTACT_LABELS[name], name == 'phone' ? 'tel' : 'text', name == 'firstName' || name == 'lastName']),
  ['card', 'Card number', 'text', true],
  ['coupon', 'Coupon', 'text', false],
];

/** Fills the form with a test buyer, for people clicking through the sandbox. */
const FILL_SCRIPT = `document.getElementById('fill').onclick=function(){var f=document.forms.checkout,v=${JSON.stringify({ ...TEST_BUYER, card: TEST_CARDS.approve })};v.email='buyer+'+Date.now()+'@example.com';for(var k in v)f.elements[k].value=v[k];}`;

export interface CheckoutView {
  product: Product;
  quantity: number;
  /** Values to show again after a refused submission. */
  values?: Record<string, string>;
  error?: string;
  /** `CustomField1`..`7` from the checkout URL, carried as hidden fields (UltraCart's custom-field tracking). */
  customFields?: Record<string, string>;
  /** The partner-pixel script tag (empty without the library). */
  script: string;
}

export function checkoutPage(v: CheckoutView): string {
  const values: Record<string, string> = { country: 'US', ...v.values };
  const inputs = FIELDS.map(
    ([name, label, type, required]) =>
      `<label for="${name}">${label}<input id="${name}" name="${name}" type="${type}"${required ? ' required' : ''}` +
      ` value="${escapeHtml(name == 'card' ? '' : values[name])}"${name == 'card' ? ' autocomplete="off" inputmode="numeric"' : ''}></label>`,
  ).join('\n');
  const hidden = Object.entries(v.customFields || {})
    .map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`)
    .join('');
  const body = `
<h1>Checkout</h1>
${v.error ? `<p class="error" role="alert" id="checkout-error">${escapeHtml(v.error)}</p>` : ''}
<section><h2>Your order</h2>
<p><b>${escapeHtml(v.product.name)}</b> <span class="muted">${escapeHtml(v.product.id)}</span> · $${formatCents(v.product.price)} each</p></section>
<section><h2>Billing</h2>
<form name="checkout" class="grid" method="post" action="/checkout">
<input type="hidden" name="item" value="${escapeHtml(v.product.id)}">${hidden}
<label for="qty">Quantity<input id="qty" name="qty" type="number" min="1" max="99" value="${v.quantity}"></label>
${inputs}
<p style="grid-column:1/-1" class="muted">Test cards: <code class="nowrap">${TEST_CARDS.approve}</code> approves, <code class="nowrap">${TEST_CARDS.decline}</code> declines. Coupon <code>SAVE5</code> takes $5.00 off.</p>
<p style="grid-column:1/-1"><button type="submit" id="place-order">Place order</button>
<button type="button" class="secondary" id="fill">Fill test buyer</button></p>
</form></section>
<script>${FILL_SCRIPT}</script>
${v.script}`;
  return layout(BRANDS.ultracart, 'Checkout', body, 'simulated secure checkout');
}

export function chooserPage(catalog: Product[], script: string, message?: string): string {
  const items = catalog
    .map(
      (p) =>
        `<div class="product"><b>${escapeHtml(p.name)}</b><p class="muted">${escapeHtml(p.id)} · $${formatCents(p.price)}</p>` +
        `<a class="button" href="/checkout?item=${encodeURIComponent(p.id)}">Buy</a></div>`,
    )
    .join('');
  const body = `<h1>Choose a product</h1>${message ? `<p class="error">${escapeHtml(message)}</p>` : ''}<div class="products">${items}</div>${script}`;
  return layout(BRANDS.ultracart, 'Products', body, 'simulated secure checkout');
}

export function receiptPage(conversionHtml: string): string {
  return layout(BRANDS.ultracart, 'Receipt', conversionHtml, 'simulated secure checkout');
}

export function adminPage(orders: StoreOrder[], message?: string): string {
  const rows = orders
    .map((o) => {
      const refunded = o.refunds.reduce((s, r) => s + r.amount, 0);
      const status = o.refunds.length
        ? o.refunds
            .map((r) => `$${formatCents(r.amount)} ${r.full ? 'full' : 'partial'}${r.propagated ? ', sent to ONTRAPORT' : ', not sent'}`)
            .join('; ')
        : '';
      return `<tr><td data-label="Order"><a href="/receipt?o=${encodeURIComponent(o.orderId)}">${escapeHtml(o.orderId)}</a></td><td data-label="Email">${escapeHtml(o.email)}</td>
<td class="num" data-label="Total">$${formatCents(o.total)}</td><td data-label="Refunds">${escapeHtml(status) || '<span class="muted">—</span>'}</td>
<td data-label="Refund">${refunded < o.total ? `<form method="post" action="/admin/refund"><input type="hidden" name="orderId" value="${escapeHtml(o.orderId)}">
<input name="amount" placeholder="all" size="7" aria-label="Amount to refund"> <button type="submit">Refund</button></form>` : '<span class="tag bad">refunded</span>'}</td></tr>`;
    })
    .join('');
  const body = `<h1>Orders</h1>${message ? `<p class="notice">${escapeHtml(message)}</p>` : ''}
<section>${
    orders.length
      ? `<table class="stack"><thead><tr><th>Order</th><th>Email</th><th class="num">Total</th><th>Refunds</th><th>Refund (empty = full)</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p class="empty">No orders yet.</p>'
  }</section>`;
  return layout(BRANDS.ultracart, 'Orders', body, 'simulated store admin');
}
