/**
 * The simulated ONTRAPORT account's dashboard: partners with their promo links, contacts with
 * first and last referrer, purchases with the partner credited, and the pixel log. It renders
 * in the browser from `/__harness/state` and refreshes every second, so a person clicking
 * through the sandbox sees each step land.
 */
import { formatCents } from 'partner-pixel/wire';
import { BRANDS, layout } from '../../web/layout.js';

// The functions below run in the browser: the page gets their source (`toString`), so none
// may close over anything of this module; they call only each other and `formatCents`, whose
// source the page gets too (under a name of its own: a bundler may rename the import). Everything from the state goes in through text, never markup:
// contact fields come from pixel queries, i.e. from anyone.

// The state's shape is OntraportSnapshot; in the page it is plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Cell = string | Node;
/** In the page, `formatCents` of `partner-pixel/wire` under this name (see CLIENT_SOURCE). */
declare const wireFormatCents: typeof formatCents;

function el(tag: string, props: Record<string, string> = {}, ...kids: Cell[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
}

function badge(label: string, kind = ''): HTMLElement {
  return el('span', { class: 'tag ' + kind }, label);
}

/** Cents as the receipt prints them, through the wire's own formatting. */
function money(cents: number): string {
  return (cents < 0 ? '-' : '') + '$' + wireFormatCents(Math.abs(cents));
}

/** A table into `#id`; each cell carries its column's name, so a phone shows rows as cards. */
function table(id: string, head: string[], rows: Cell[][], empty: string): void {
  const box = document.getElementById(id)!;
  box.replaceChildren();
  if (!rows.length) return void box.append(el('p', { class: 'empty' }, empty));
  const num = (h: string) => /^(Sales|Amount|Tax|Shipping|Total|Price)$/.test(h);
  const cell = (c: Cell, i: number) => el('td', { 'data-label': head[i], ...(num(head[i]) ? { class: 'num' } : {}) }, c);
  box.append(
    el(
      'table',
      { class: 'stack' },
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', num(h) ? { class: 'num' } : {}, h)))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map(cell)))),
    ),
  );
}

/** "Paula Partner #1" for a partner id of the state, a dash for none. */
function partnerCell(s: Json, id: number | null): Cell {
  if (id == null) return el('span', { class: 'muted' }, '—');
  const p = s.partners.find((x: Json) => x.id == id);
  return `${p ? `${p.firstName} ${p.lastName}` : 'unknown'} #${id}`;
}

/** The integration switch: which path reports sales now, and whether a bridge is there to switch to. */
function renderIntegration(s: Json): void {
  const mode = s.integration.mode;
  document.getElementById('integration')!.textContent =
    mode == 'bridge'
      ? 'Tag + bridge: the page tag on the store\'s pages, no receipt tag; UltraCart\'s webhooks go to the bridge, which reports sales (server-side pixel), refunds (partial ones too), declines and new products.'
      : 'Tag only: the page tag on every page and the receipt tag on the receipt, which sends the sale pixel. Partial refunds, declines and new products do not reach ONTRAPORT.';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-integration]')) {
    b.className = b.dataset.integration == mode ? '' : 'secondary';
    b.setAttribute('aria-pressed', String(b.dataset.integration == mode));
    if (b.dataset.integration == 'bridge') b.disabled = !s.integration.bridgeConnected;
  }
}

function renderSettings(s: Json): void {
  document.getElementById('attribution')!.textContent = s.attribution == 'first' ? 'First referrer' : 'Last referrer';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-attribution]'))
    b.className = b.dataset.attribution == s.attribution ? '' : 'secondary';
  renderIntegration(s);
  const f = s.faults;
  document.getElementById('faults')!.textContent =
    f.failNext || f.dropNext || f.delay ? `fail next ${f.failNext} (status ${f.status}), drop next ${f.dropNext}, delay ${f.delay} ms` : 'none';
}

function renderPartners(s: Json): void {
  const links = (id: number) =>
    el('div', {}, ...s.links.filter((l: Json) => l.partnerId == id).map((l: Json) => el('div', {}, el('a', { href: l.url }, l.promoTool), ' ', el('code', {}, l.url))));
  const rows = s.partners.map((p: Json) => [String(p.id), `${p.firstName} ${p.lastName}`, p.email, String(p.sales), money(p.amount), links(p.id)]);
  table('partners', ['ID', 'Partner', 'Email', 'Sales', 'Amount', 'Promo links'], rows, 'No partners yet.');
}

function renderContacts(s: Json): void {
  const rows = s.contacts.map((c: Json) => [
    String(c.id),
    c.email,
    [c.firstName, c.lastName].filter(Boolean).join(' '),
    partnerCell(s, c.firstReferrer),
    c.lastSid ? el('span', {}, partnerCell(s, c.lastReferrer), ' ', badge('sid ' + c.lastSid)) : partnerCell(s, c.lastReferrer),
    new Date(c.updatedAt).toLocaleTimeString(),
  ]);
  table('contacts', ['ID', 'Email', 'Name', 'First referrer', 'Last referrer', 'Updated'], rows, 'No contacts yet: follow a promo link and buy something.');
}

/** Who reported a sale, and how the partner reached the account. */
function reportedBy(p: Json): Cell {
  if (p.source == 'api') return badge('bridge: REST API');
  if (p.source == 'server-pixel') return badge('bridge: server pixel');
  return badge(p.referralSource == 'cookie' ? 'receipt tag (ONTRAPORT cookie)' : p.referralSource == 'query' ? 'receipt tag (partner in query)' : 'receipt tag (no partner)', p.referralSource ? '' : 'warn');
}

/** The status of a purchase; a second live sale of the same order is the double to warn about. */
function purchaseStatus(s: Json, p: Json): Cell {
  const kinds: Record<string, string> = { paid: 'ok', refunded: 'bad', void: 'warn', declined: 'bad' };
  const labels: Record<string, string> = { paid: 'paid', refunded: 'refunded', void: 'void (replaced by the net)', declined: 'declined' };
  const twice = p.status == 'paid' && s.purchases.filter((x: Json) => x.orderId == p.orderId && x.status == 'paid').length > 1;
  return el('span', {}, badge(labels[p.status] || p.status, kinds[p.status]), ...(twice ? [' ', badge('reported twice', 'bad')] : []));
}

/** One line over the table: sales by source, refunds, declines. */
function renderSources(s: Json): void {
  const live = s.purchases.filter((p: Json) => p.status == 'paid');
  const count = (source: string) => live.filter((p: Json) => p.source == source);
  const part = (label: string, list: Json[]) => `${label} ${list.length} (${money(list.reduce((t: number, p: Json) => t + p.total, 0))})`;
  const n = (status: string) => s.purchases.filter((p: Json) => p.status == status).length;
  document.getElementById('sources')!.textContent =
    `Paid sales by source: ${part('receipt tag', count('receipt-pixel'))}, ${part('bridge server pixel', count('server-pixel'))}, ${part('bridge REST API', count('api'))}. Refunded ${n('refunded')}, voided ${n('void')}, declined ${n('declined')}.`;
}

function renderPurchases(s: Json): void {
  const rows = s.purchases.map((p: Json) => [
    p.orderId,
    p.email,
    p.items.map((i: Json) => `${i.id} × ${i.quantity} @ ${money(i.price)}`).join(', '),
    money(p.tax),
    money(p.shipping),
    money(p.total),
    partnerCell(s, p.partnerId),
    reportedBy(p),
    purchaseStatus(s, p),
  ]);
  table('purchases', ['Order', 'Contact', 'Items', 'Tax', 'Shipping', 'Total', 'Partner credited', 'Reported by', 'Status'], rows, 'No purchases yet.');
  renderSources(s);
}

function renderProducts(s: Json): void {
  const rows = s.products.map((p: Json) => [String(p.id), p.fields.sku || '—', p.name, '$' + p.price, new Date(p.updatedAt).toLocaleTimeString()]);
  table('products', ['ID', 'Item id (sku)', 'Name', 'Price', 'Updated'], rows, 'No products yet: with the bridge, a product added in the UltraCart admin appears here, and so do the items of a sale it logs through the REST API (a partial refund\'s net, a decline).');
}

/** What a wire key carries, by the account's keys: the names ONTRAPORT's pixel snippet uses. */
function wireMeaning(keys: Record<string, string>, key: string): string {
  const meaning = Object.entries(keys);
  const exact = meaning.find(([, wire]) => wire == key);
  if (exact) return exact[0];
  const item = meaning.find(([, wire]) => wire.endsWith('_') && key.startsWith(wire) && /^\d+$/.test(key.slice(wire.length)));
  return item ? `${item[0]} ${key.slice(item[1].length)}` : 'not read by ONTRAPORT';
}

/** A pixel's query, key by key, folded. */
function decodedQuery(keys: Record<string, string>, query: string): Cell {
  const pairs = [...new URLSearchParams(query)];
  if (!pairs.length) return el('span', { class: 'muted' }, 'empty');
  const row = ([k, v]: [string, string]) => el('tr', {}, el('td', {}, el('code', {}, k)), el('td', {}, v), el('td', { class: 'muted' }, wireMeaning(keys, k)));
  return el('details', {}, el('summary', {}, `${pairs.length} keys`), el('table', { class: 'query' }, ...pairs.map(row)));
}

function renderPixels(s: Json): void {
  const kinds: Record<string, string> = { pending: 'warn', recorded: 'ok', duplicate: 'warn', rejected: 'bad', failed: 'bad', dropped: 'bad' };
  const source = (r: Json) => (r.source == 'query' ? 'pixel query' : 'ONTRAPORT cookie');
  const rows = s.pixels
    .slice(-15)
    .reverse()
    .map((h: Json) => [
      new Date(h.at).toLocaleTimeString(),
      badge(h.outcome + (h.reason ? ': ' + h.reason : ''), kinds[h.outcome]),
      h.orderId || '—',
      el('span', {}, h.referral ? el('span', {}, partnerCell(s, h.referral.partnerId), ` via ${source(h.referral)}`) : '—', ...(h.source == 'server-pixel' ? [' ', badge('from the bridge')] : [])),
      decodedQuery(s.keys, h.query),
      h.cookie ? el('code', {}, h.cookie) : el('span', { class: 'muted' }, 'none'),
    ]);
  table('pixels', ['Time', 'Outcome', 'Order', 'Partner', 'Query', 'Cookie sent'], rows, 'No pixel requests yet.');
}

/** Reads the state now and every `pollMs`, and wires the buttons and the fault form. */
function dashboardClient(pollMs: number): void {
  const $ = (id: string) => document.getElementById(id)!;
  const render = (s: Json) => [renderSettings, renderPartners, renderContacts, renderPurchases, renderProducts, renderPixels].forEach((r) => r(s));
  const refresh = (): Promise<void> =>
    fetch('/__harness/state', { cache: 'no-store' })
      .then((r) => r.json())
      .then(render, () => undefined);
  const post = (path: string, body: unknown) =>
    fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(refresh);
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-attribution]'))
    b.onclick = () => post('/__harness/attribution', { attribution: b.dataset.attribution });
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-integration]'))
    b.onclick = () => post('/__harness/integration', { integration: b.dataset.integration });
  const faultForm = $('fault-form') as HTMLFormElement;
  faultForm.onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(faultForm);
    post('/__harness/faults', { [String(data.get('kind'))]: String(data.get('count')), status: String(data.get('status')) });
  };
  $('clear-faults').onclick = () => post('/__harness/faults', { reset: '1' });
  $('clear').onclick = () => fetch('/__harness/reset?keep=partners', { method: 'POST' }).then(refresh);
  refresh();
  setInterval(refresh, pollMs);
}

/** The page's script: every function above as source, `formatCents` from the wire module. */
const CLIENT_SOURCE = [
  `const wireFormatCents = ${formatCents};`,
  ...[el, badge, money, table, partnerCell, renderIntegration, renderSettings, renderPartners, renderContacts, reportedBy, purchaseStatus, renderSources, renderPurchases, renderProducts, wireMeaning, decodedQuery, renderPixels, dashboardClient].map(String),
].join('\n');

/** How often the dashboard reads the state: often enough to watch a pixel land. */
const POLL_MS = 1000;

/** The dashboard document for the account at `host`. */
export function dashboardPage(host: string): string {
  const body = `
<h1>Partner program</h1>
<section><h2>Settings</h2>
<p>How the store reports: <button type="button" data-integration="tag">Tag only</button>
<button type="button" data-integration="bridge">Tag + bridge</button></p>
<p id="integration" class="notice">…</p>
<p>Commission goes to the contact's <b id="attribution">…</b>.
<button type="button" data-attribution="first">First referrer</button>
<button type="button" data-attribution="last">Last referrer</button>
<button type="button" class="secondary" id="clear">Clear activity</button></p>
<p class="muted">Injected faults on the pixel endpoint <code>/p</code>: <span id="faults">none</span></p>
<form id="fault-form" class="faults">
<label>Next <input name="count" type="number" min="0" value="1" size="3"> pixel requests</label>
<select name="kind"><option value="fail">fail with status</option><option value="drop">are dropped (no answer)</option></select>
<input name="status" type="number" min="400" max="599" value="503" size="4" aria-label="status">
<button type="submit">Inject</button> <button type="button" class="secondary" id="clear-faults">Clear faults</button>
</form>
<p class="muted">A failed or dropped pixel stays in the buyer's browser and is sent again on the next page the tag runs on (reload the receipt).</p></section>
<section><h2>Partners</h2><div id="partners"><p class="empty">Loading…</p></div></section>
<section><h2>Contacts</h2><div id="contacts"></div></section>
<section><h2>Purchases</h2><p id="sources"></p><div id="purchases"></div>
<p class="muted">Why this can differ from the UltraCart receipt: the pixel has one shipping key
(<code>shipping_amt</code>), so Shipping here is the receipt's shipping plus handling; a coupon is
spread over the items, so unit prices here are after the discount and the total still matches.
With the tag only, a partial refund in UltraCart is not reported to ONTRAPORT: the partner keeps
the whole credit until the whole order is refunded. With the bridge, a partial refund voids the
sale and logs the net amount, so the credit follows. A sale reported by the receipt tag and by
the bridge's REST API is two sales here, as in ONTRAPORT: use one path.</p></section>
<section><h2>Products</h2><div id="products"></div></section>
<section><h2>Pixel requests (latest first)</h2><div id="pixels"></div></section>
<script>(function(){${CLIENT_SOURCE}\ndashboardClient(${POLL_MS});})()</script>`;
  return layout(BRANDS.ontraport, 'Partner program', body, `simulated account · ${host}`);
}
