import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { formatCents } from 'partner-pixel/wire';
import { createOntraport } from '../src/index.js';
import { call, order, saleQuery } from './helpers.js';

const ORIGIN = 'https://acme.ontraport.com';

/** Loads the dashboard into happy-dom and runs its own inline script against the simulated account. */
async function openDashboard(ontraport: ReturnType<typeof createOntraport>) {
  const window = new Window({ url: `${ORIGIN}/` });
  const html = await (await call(ontraport.handlers, `${ORIGIN}/`)).text();
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
  window.document.write(html.replace(/<script>[\s\S]*<\/script>/, ''));
  const fetch = (path: string, init?: RequestInit) => call(ontraport.handlers, new URL(path, ORIGIN).href, init);
  const timers: unknown[] = [];
  const run = new Function('document', 'fetch', 'setInterval', 'FormData', script);
  run(window.document, fetch, (f: unknown) => timers.push(f), window.FormData);
  await new Promise((r) => setTimeout(r, 50));
  return window.document;
}

const rows = (document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }, id: string) =>
  Array.from(document.querySelectorAll(`#${id} tbody > tr`)).map((r) => r.textContent);

describe('the dashboard page, its script run in happy-dom', () => {
  it('renders partners, contacts, purchases and each pixel decoded key by key', async () => {
    const ontraport = createOntraport({ origin: ORIGIN });
    const paula = ontraport.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' });
    await call(ontraport.handlers, `${ORIGIN}/p?${saleQuery(order('UC-7', 'ada@example.com', { firstName: 'Ada' }), { orid: String(paula.id) })}`);
    const document = await openDashboard(ontraport);
    expect(rows(document, 'partners')).toHaveLength(1);
    expect(rows(document, 'partners')[0]).toContain('Paula Partner');
    expect(rows(document, 'contacts')[0]).toContain('ada@example.com');
    expect(rows(document, 'purchases')[0]).toContain('UC-7');
    expect(rows(document, 'purchases')[0]).toContain(`Paula Partner #${paula.id}`);
    // Money as the receipt prints it, through the wire's formatCents.
    expect(rows(document, 'purchases')[0]).toContain(`$${formatCents(ontraport.purchases()[0].total)}`);
    expect(rows(document, 'partners')[0]).toContain(`$${formatCents(ontraport.partner(paula.id)!.amount)}`);
    const pixel = document.querySelector('#pixels tbody > tr')!;
    expect(pixel.textContent).toContain('recorded');
    const query = Array.from(pixel.querySelectorAll('table.query tr')).map((r) => r.textContent);
    expect(query).toContain('order_idUC-7orderId');
    expect(query).toContain('shipping_amt6.00shipping');
  });

  it('puts markup from a partner or contact name in as text, never as elements', async () => {
    const ontraport = createOntraport({ origin: ORIGIN });
    const evil = ontraport.addPartner({ firstName: '<img src=x onerror=alert(1)>', lastName: '<b>Bold</b>', email: 'e@partners.example' });
    await call(ontraport.handlers, `${ORIGIN}/p?${saleQuery(order('UC-8', 'm@example.com', { firstName: '<script>x()</script>' }), { orid: String(evil.id) })}`);
    const document = await openDashboard(ontraport);
    expect(rows(document, 'partners')[0]).toContain('<img src=x onerror=alert(1)> <b>Bold</b>');
    expect(rows(document, 'contacts')[0]).toContain('<script>x()</script>');
    for (const id of ['partners', 'contacts', 'purchases', 'pixels']) {
      expect(document.querySelectorAll(`#${id} img, #${id} b, #${id} script`)).toHaveLength(0);
    }
  });

  it('injects and clears a fault from the form', async () => {
    const ontraport = createOntraport({ origin: ORIGIN });
    const document = await openDashboard(ontraport);
    const form = document.querySelector('#fault-form')!;
    (form.querySelector('[name=count]') as unknown as { value: string }).value = '2';
    form.dispatchEvent(new (document.defaultView!.Event)('submit', { cancelable: true }));
    await new Promise((r) => setTimeout(r, 50));
    expect(ontraport.faults.state()).toMatchObject({ failNext: 2, status: 503 });
    expect(document.querySelector('#faults')!.textContent).toContain('fail next 2');
    (document.querySelector('#clear-faults') as unknown as { click(): void }).click();
    await new Promise((r) => setTimeout(r, 50));
    expect(ontraport.faults.state().failNext).toBe(0);
  });
});

describe('the dashboard with the bridge', () => {
  it('switches the integration (refused without a bridge), shows who reported each sale, a double, and products', async () => {
    let connected = false;
    const changes: string[] = [];
    const ontraport = createOntraport({ origin: ORIGIN, integration: { connected: () => connected, change: (v) => void changes.push(v) } });
    const post = (integration: string) => call(ontraport.handlers, `${ORIGIN}/__harness/integration`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ integration }) });
    expect((await post('bridge')).status).toBe(409);
    connected = true;
    expect((await post('bridge')).status).toBe(200);
    expect(changes).toEqual(['bridge']);
    const paula = ontraport.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' });
    await call(ontraport.handlers, `${ORIGIN}/p?${saleQuery(order('UC-8', 'ada@example.com'), { orid: String(paula.id) })}`);
    const rest = ontraport.restApi({ origin: 'http://127.0.0.1:9', appId: 'a', apiKey: 'k' });
    const headers = { 'Api-Appid': 'a', 'Api-Key': 'k' };
    const product = await (await call(rest.handlers, 'http://127.0.0.1:9/1/Products', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Starter+Kit&price=19.95&sku=SKU-1' })).json();
    const contactId = ontraport.contact('ada@example.com')!.id;
    const body = { contact_id: String(contactId), chargeNow: 'chargeLog', external_order_id: 'UC-8', offer: { products: [{ id: String(product.data.id), quantity: 2, price: [{ price: '19.95' }] }], taxes: [{ amount: '3.19' }], shipping: [{ price: '6.00' }], grandTotal: '49.09' } };
    expect((await call(rest.handlers, 'http://127.0.0.1:9/1/transaction/processManual', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(200);
    const document = await openDashboard(ontraport);
    expect(document.querySelector('#integration')!.textContent).toContain('Tag + bridge');
    const purchases = rows(document, 'purchases');
    expect(purchases[0]).toContain('receipt tag (partner in query)');
    expect(purchases[1]).toContain('bridge: REST API');
    expect(purchases[1]).toContain('SKU-1 × 2 @ $19.95');
    for (const row of purchases) expect(row).toContain('reported twice');
    expect(document.querySelector('#sources')!.textContent).toContain('receipt tag 1 ($49.09)');
    expect(document.querySelector('#sources')!.textContent).toContain('bridge REST API 1 ($49.09)');
    expect(rows(document, 'products')[0]).toContain('SKU-1');
    expect(ontraport.partner(paula.id)).toMatchObject({ sales: 2, amount: 2 * 4909 });
  });
});
