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

/** One line of the cart: a product of the catalog and how many. */
export interface CartLine {
  product: Product;
  quantity: number;
}

export interface CheckoutView {
  /** The cart: one line has an editable quantity; several are listed with theirs. */
  lines: CartLine[];
  /** Values to show again after a refused submission. */
  values?: Record<string, string>;
  error?: string;
  /** `CustomField1`..`7` from the checkout URL, carried as hidden fields (UltraCart's custom-field tracking). */
  customFields?: Record<string, string>;
  /** The partner-pixel script tag (empty without the library). */
  script: string;
}

/** The order section and the hidden cart fields: `item` and `qty` as comma lists. */
function cartMarkup(lines: CartLine[]): { order: string; fields: string } {
  const ids = lines.map((l) => l.product.id).join(',');
  if (lines.length == 1) {
    const [{ product, quantity }] = lines;
    return {
      order: `<p><b>${escapeHtml(product.name)}</b> <span class="muted">${escapeHtml(product.id)}</span> · $${formatCents(product.price)} each</p>`,
      fields: `<input type="hidden" name="item" value="${escapeHtml(ids)}"><label for="qty">Quantity<input id="qty" name="qty" type="number" min="1" max="99" value="${quantity}"></label>`,
    };
  }
  const rows = lines
    .map((l) => `<tr><td>${escapeHtml(l.product.name)} <span class="muted">${escapeHtml(l.product.id)}</span></td><td class="num">${l.quantity}</td><td class="num">$${formatCents(l.product.price)}</td></tr>`)
    .join('');
  return {
    order: `<table id="cart"><thead><tr><th>Product</th><th class="num">Qty</th><th class="num">Price</th></tr></thead><tbody>${rows}</tbody></table>`,
    fields: `<input type="hidden" name="item" value="${escapeHtml(ids)}"><input type="hidden" name="qty" value="${lines.map((l) => l.quantity).join(',')}">`,
  };
}

export function checkoutPage(v: CheckoutView): string {
  const cart = cartMarkup(v.lines);
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
${cart.order}</section>
<section><h2>Billing</h2>
<form name="checkout" class="grid" method="post" action="/checkout">
${hidden}${cart.fields}
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

/** The catalog, and the form that adds a product while the store keeps selling. */
function catalogSection(products: Product[]): string {
  const rows = products.map((p) => `<tr><td data-label="Item id"><a href="/checkout?item=${encodeURIComponent(p.id)}">${escapeHtml(p.id)}</a></td><td data-label="Name">${escapeHtml(p.name)}</td><td class="num" data-label="Price">$${formatCents(p.price)}</td></tr>`).join('');
  return `<section><h2>Products</h2><table class="stack" id="catalog"><thead><tr><th>Item id</th><th>Name</th><th class="num">Price</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/admin/items" class="faults" id="add-item"><label>Item id <input name="id" size="10" required></label>
<label>Name <input name="name" size="18" required></label><label>Price <input name="price" size="7" placeholder="24.00" required></label>
<button type="submit">Add product</button></form>
<p class="muted">A new product sells at once. With the bridge, UltraCart's <code>item_create</code> webhook creates it in ONTRAPORT too.</p></section>`;
}

export function adminPage(orders: StoreOrder[], products: Product[], message?: string): string {
  const rows = orders
    .map((o) => {
      const refunded = o.refunds.reduce((s, r) => s + r.amount, 0);
      const status = o.refunds.length
        ? o.refunds
            .map((r) => `$${formatCents(r.amount)} ${r.full ? 'full' : 'partial'}${r.viaBridge ? ', sent to the bridge' : r.propagated ? ', sent to ONTRAPORT' : ', not sent'}`)
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
  }</section>${catalogSection(products)}`;
  return layout(BRANDS.ultracart, 'Orders', body, 'simulated store admin');
}
