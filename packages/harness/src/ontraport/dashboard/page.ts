/**
 * The simulated ONTRAPORT account's dashboard: partners with their promo links, contacts with
 * first and last referrer, purchases with the partner credited, and the pixel log. It renders
 * in the browser from `/__harness/state` and refreshes every second, so a person clicking
 * through the sandbox sees each step land.
 */
import { BRANDS, layout } from '../../web/layout.js';

/**
 * Runs in the browser (serialised with `toString`, so it must not close over anything).
 * Everything from the state goes in through `textContent`: contact fields come from pixel
 * queries, i.e. from anyone.
 */
function dashboardClient(pollMs: number): void {
  type Row = (string | Node)[];
  const $ = (id: string) => document.getElementById(id)!;
  const money = (c: number) => (c < 0 ? '-' : '') + '$' + (Math.abs(c) / 100).toFixed(2);
  const el = (tag: string, props: Record<string, string> = {}, ...kids: (string | Node)[]) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
    for (const k of kids) e.append(k);
    return e;
  };
  const tag = (label: string, kind = '') => el('span', { class: 'tag ' + kind }, label);
  const table = (id: string, head: string[], rows: Row[], empty: string) => {
    const box = $(id);
    box.replaceChildren();
    if (!rows.length) return box.append(el('p', { class: 'empty' }, empty));
    const num = (h: string) => /^(Sales|Amount|Tax|Shipping|Total)$/.test(h);
    box.append(
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', num(h) ? { class: 'num' } : {}, h)))),
        el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', num(head[i]) ? { class: 'num' } : {}, c))))),
      ),
    );
  };
  const post = (path: string, body: unknown) =>
    fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(refresh);

  // The state's shape is OntraportSnapshot; this code runs in the page, where it is plain JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = any;
  function render(s: Json): void {
    const names = new Map<number, string>(s.partners.map((p: Json) => [p.id, `${p.firstName} ${p.lastName}`]));
    const who = (id: number | null) => (id == null ? el('span', { class: 'muted' }, '—') : `${names.get(id) || 'unknown'} #${id}`);
    $('attribution').textContent = s.attribution == 'first' ? 'First referrer' : 'Last referrer';
    for (const b of document.querySelectorAll<HTMLButtonElement>('[data-attribution]'))
      b.className = b.dataset.attribution == s.attribution ? '' : 'secondary';
    const f = s.faults;
    $('faults').textContent =
      f.failNext || f.dropNext || f.delay
        ? `fail next ${f.failNext} (status ${f.status}), drop next ${f.dropNext}, delay ${f.delay} ms`
        : 'none';
    table(
      'partners',
      ['ID', 'Partner', 'Email', 'Sales', 'Amount', 'Promo links'],
      s.partners.map((p: Json) => [
        String(p.id),
        `${p.firstName} ${p.lastName}`,
        p.email,
        String(p.sales),
        money(p.amount),
        el(
          'div',
          {},
          ...s.links
            .filter((l: Json) => l.partnerId == p.id)
            .map((l: Json) => el('div', {}, el('a', { href: l.url }, l.promoTool), ' ', el('code', {}, l.url))),
        ),
      ]),
      'No partners yet.',
    );
    table(
      'contacts',
      ['ID', 'Email', 'Name', 'First referrer', 'Last referrer', 'Updated'],
      s.contacts.map((c: Json) => [
        String(c.id),
        c.email,
        [c.firstName, c.lastName].filter(Boolean).join(' '),
        who(c.firstReferrer),
        c.lastSid ? el('span', {}, who(c.lastReferrer), ' ', tag('sid ' + c.lastSid)) : who(c.lastReferrer),
        new Date(c.updatedAt).toLocaleTimeString(),
      ]),
      'No contacts yet: follow a promo link and buy something.',
    );
    table(
      'purchases',
      ['Order', 'Contact', 'Items', 'Tax', 'Shipping', 'Total', 'Partner credited', 'Referral via', 'Status'],
      s.purchases.map((p: Json) => [
        p.orderId,
        p.email,
        p.items.map((i: Json) => `${i.id} × ${i.quantity} @ ${money(i.price)}`).join(', '),
        money(p.tax),
        money(p.shipping),
        money(p.total),
        who(p.partnerId),
        p.referralSource ? tag(p.referralSource == 'query' ? 'pixel query' : 'ONTRAPORT cookie') : tag('none', 'warn'),
        p.refunded ? tag('refunded', 'bad') : tag('recorded', 'ok'),
      ]),
      'No purchases yet.',
    );
    const kinds: Record<string, string> = { pending: 'warn', recorded: 'ok', duplicate: 'warn', rejected: 'bad', failed: 'bad', dropped: 'bad' };
    table(
      'pixels',
      ['Time', 'Outcome', 'Order', 'Partner', 'Cookie sent'],
      s.pixels
        .slice(-15)
        .reverse()
        .map((h: Json) => [
          new Date(h.at).toLocaleTimeString(),
          tag(h.outcome + (h.reason ? ': ' + h.reason : ''), kinds[h.outcome]),
          h.orderId || '—',
          h.referral ? `#${h.referral.partnerId} via ${h.referral.source}` : '—',
          h.cookie ? el('code', {}, h.cookie) : el('span', { class: 'muted' }, 'none'),
        ]),
      'No pixel requests yet.',
    );
  }

  function refresh(): Promise<void> {
    return fetch('/__harness/state', { cache: 'no-store' })
      .then((r) => r.json())
      .then(render, () => undefined);
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-attribution]'))
    b.onclick = () => post('/__harness/attribution', { attribution: b.dataset.attribution });
  $('clear').onclick = () => fetch('/__harness/reset?keep=partners', { method: 'POST' }).then(refresh);
  refresh();
  setInterval(refresh, pollMs);
}

/** How often the dashboard reads the state: often enough to watch a pixel land. */
const POLL_MS = 1000;

/** The dashboard document for the account at `host`. */
export function dashboardPage(host: string): string {
  const body = `
<h1>Partner program</h1>
<section><h2>Settings</h2>
<p>Commission goes to the contact's <b id="attribution">…</b>.
<button type="button" data-attribution="first">First referrer</button>
<button type="button" data-attribution="last">Last referrer</button>
<button type="button" class="secondary" id="clear">Clear activity</button></p>
<p class="muted">Injected faults on <code>/p</code>: <span id="faults">none</span></p></section>
<section><h2>Partners</h2><div id="partners"><p class="empty">Loading…</p></div></section>
<section><h2>Contacts</h2><div id="contacts"></div></section>
<section><h2>Purchases</h2><div id="purchases"></div></section>
<section><h2>Pixel requests (latest first)</h2><div id="pixels"></div></section>
<script>(${dashboardClient.toString()})(${POLL_MS})</script>`;
  return layout(BRANDS.ontraport, 'Partner program', body, `simulated account · ${host}`);
}
