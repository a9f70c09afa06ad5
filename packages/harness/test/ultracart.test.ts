import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildQuery, CONTACT_FIELDS, parseQuery, readOrder, toPayload } from 'partner-pixel/wire';
import { createSimulation, orderNumberFromClock, TEST_BUYER, TEST_CARDS, type Simulation } from '../src/index.js';
import { call, form, json } from './helpers.js';

const ONTRAPORT = 'https://acme.ontraport.com';
const STORE = 'https://secure.ultracart.com';
const MERCHANT = 'https://www.merchant.example';

let sim: Simulation;
beforeEach(() => {
  sim = createSimulation({ ontraportOrigin: ONTRAPORT, storeOrigin: STORE, merchantOrigin: MERCHANT });
});

const buyer = (more: Record<string, string> = {}) => ({
  item: 'SKU-1',
  qty: '2',
  email: 'ada@example.com',
  ...TEST_BUYER,
  card: TEST_CARDS.approve,
  ...more,
});
const checkout = (fields: Record<string, string>) => call(sim.handlers, `${STORE}/checkout`, form(fields));
const page = async (url: string) => {
  const res = await call(sim.handlers, url);
  return { status: res.status, html: await res.text() };
};
/** The order block of a receipt, parsed. */
const orderBlock = (html: string) => {
  const m = /<script type="application\/json" id="partner-pixel-order">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no order block');
  return JSON.parse(m[1]);
};

describe('the script file', () => {
  it('serves the built pixel script as JavaScript, read from the pixel package', async () => {
    const res = await call(sim.handlers, `${STORE}/partner-pixel.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/javascript');
    const file = createRequire(import.meta.url).resolve('partner-pixel/script');
    expect(await res.text()).toBe(readFileSync(file, 'utf8'));
  });
});

describe('checkout', () => {
  it('renders a real form and the capture script tag with its settings', async () => {
    const { status, html } = await page(sim.store.checkoutUrl('SKU-2', 3));
    expect(status).toBe(200);
    for (const name of ['email', ...CONTACT_FIELDS, 'card', 'item', 'qty'])
      expect(html).toContain(`name="${name}"`);
    expect(html).toContain('<form name="checkout" class="grid" method="post" action="/checkout">');
    expect(html).toContain('value="SKU-2"');
    expect(html).toContain('id="qty" name="qty" type="number" min="1" max="99" value="3"');
    expect(html).toContain(
      `<script async src="${STORE}/partner-pixel.min.js" data-subdomain="acme.ontraport.com" data-attribution="last"></script>`,
    );
  });

  it('lists the allowed host when the account is off ontraport.com (the sandbox)', async () => {
    sim = createSimulation({
      ontraportOrigin: 'http://ontraport.localhost:8080',
      storeOrigin: 'http://127.0.0.1:8080',
      merchantOrigin: 'http://localhost:8080',
      attribution: 'first',
    });
    const { html } = await page(sim.store.checkoutUrl('SKU-1'));
    expect(html).toContain('data-subdomain="ontraport.localhost:8080" data-allowed-hosts="ontraport.localhost:8080" data-attribution="first"');
  });

  it('answers an unknown product with the catalog and 404', async () => {
    const { status, html } = await page(`${STORE}/checkout?item=NOPE`);
    expect(status).toBe(404);
    expect(html).toContain('Unknown product NOPE');
    expect(html).toContain('/checkout?item=SKU-3');
  });

  it('approves the test card: order UC-1001 with tax, shipping, handling, then 303 to the receipt', async () => {
    const res = await checkout(buyer());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${STORE}/receipt?o=UC-1001`);
    expect(sim.store.order('UC-1001')).toMatchObject({
      email: 'ada@example.com',
      items: [{ id: 'SKU-1', name: 'Starter Kit', price: 1995, quantity: 2 }],
      subtotal: 3990,
      discount: 0,
      tax: 319, // 8% of 39.90 = 3.192
      shipping: 500,
      handling: 100,
      total: 4909,
    });
    expect((await checkout(buyer())).headers.get('location')).toBe(`${STORE}/receipt?o=UC-1002`);
  });

  it('numbers orders from firstOrderNumber, and from the clock a later run starts past an earlier one', async () => {
    const started = Date.UTC(2026, 11, 1, 12);
    sim = createSimulation({ ontraportOrigin: ONTRAPORT, storeOrigin: STORE, merchantOrigin: MERCHANT, firstOrderNumber: orderNumberFromClock(started) });
    expect(sim.store.nextOrderNumber).toBe(started - Date.UTC(2026, 0, 1));
    const first = sim.store.nextOrderNumber;
    expect((await checkout(buyer())).headers.get('location')).toBe(`${STORE}/receipt?o=UC-${first}`);
    expect((await checkout(buyer())).headers.get('location')).toBe(`${STORE}/receipt?o=UC-${first + 1}`);
    // Two orders took more than two milliseconds; a run started now numbers past them.
    expect(orderNumberFromClock(started + 2)).toBeGreaterThan(first + 1);
  });

  it.each([
    ['SKU-1', '1', '', 1995, 160, 2755], // 1.596 rounds up
    ['SKU-3', '1', 'SAVE5', 12000, 920, 13020], // 8% of 115.00
    ['SKU-2', '3', 'save5', 14700, 1136, 15936], // 8% of 142.00; coupon case-insensitive
  ])('prices %s x %s with coupon "%s"', async (item, qty, coupon, subtotal, tax, total) => {
    await checkout(buyer({ item, qty, coupon }));
    expect(sim.store.order('UC-1001')).toMatchObject({ subtotal, tax, total });
  });

  it('declines the decline card: the checkout again with the message, no order, no receipt', async () => {
    const res = await checkout(buyer({ card: TEST_CARDS.decline }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your card was declined');
    expect(html).toContain('value="ada@example.com"');
    expect(html).not.toContain(TEST_CARDS.decline + '"'); // the card number is not echoed back
    expect(html).not.toContain('partner-pixel-order');
    expect(sim.store.orders()).toEqual([]);
    expect((await page(`${STORE}/receipt?o=UC-1001`)).status).toBe(404);
    expect(sim.ontraport.pixels()).toEqual([]);
  });

  it.each([
    ['another card', { card: '4242424242424242' }, 200, 'Card not accepted'],
    ['a bad email', { email: 'nope' }, 400, 'valid email'],
    ['no last name', { lastName: ' ' }, 400, 'first and last name'],
    ['a quantity of 0', { qty: '0' }, 400, 'Quantity'],
    ['an unknown coupon', { coupon: 'FREE' }, 400, 'Coupon FREE is not valid'],
  ])('refuses %s without an order', async (_, change, status, message) => {
    const res = await checkout(buyer(change));
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(message);
    expect(sim.store.orders()).toEqual([]);
  });

  it('opens the checkout form for an add-to-cart post (item and quantity only), with no order', async () => {
    const res = await checkout({ item: 'SKU-3', qty: '2' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<b>Coaching Session</b>');
    expect(html).toContain('value="2"');
    expect(html).not.toContain('checkout-error');
    expect(sim.store.orders()).toEqual([]);
  });

  it('carries UltraCart custom fields from the checkout URL into the order', async () => {
    const { html } = await page(`${STORE}/checkout?item=SKU-1&CustomField1=480125&CustomField2=spring`);
    expect(html).toContain('<input type="hidden" name="CustomField1" value="480125">');
    await checkout(buyer({ CustomField1: '480125', CustomField2: 'spring' }));
    expect(sim.store.order('UC-1001')!.customFields).toEqual(['480125', 'spring', '', '', '', '', '']);
  });
});

describe('the receipt', () => {
  it('embeds the order block and the pixel script; the block is a valid order that reconciles', async () => {
    await checkout(buyer({ coupon: 'SAVE5' }));
    const { status, html } = await page(sim.store.receiptUrl('UC-1001'));
    expect(status).toBe(200);
    expect(html).toContain('Thank you for your order, Ada!');
    expect(html).toContain('<b id="order-id">UC-1001</b>');
    const block = orderBlock(html);
    expect(block).toMatchObject({
      orderId: 'UC-1001',
      email: 'ada@example.com',
      items: [{ id: 'SKU-1', price: '19.95', quantity: 2 }],
      tax: '2.79',
      shipping: '5.00',
      handling: '1.00',
      discount: '5.00',
      total: '43.69',
    });
    const checked = readOrder(block);
    expect(checked.ok && checked.order.total).toBe(sim.store.order('UC-1001')!.total);
    expect(html).toMatch(/<\/script>\n<script async src="[^"]+partner-pixel-receipt\.min\.js" data-subdomain="acme\.ontraport\.com"/);
  });

  it('renders the same page on a reload (the library, not the store, dedupes)', async () => {
    await checkout(buyer());
    const first = await page(sim.store.receiptUrl('UC-1001'));
    const again = await page(sim.store.receiptUrl('UC-1001'));
    expect(again).toEqual(first);
  });

  it('is shown only for processed orders', async () => {
    expect((await page(`${STORE}/receipt?o=UC-1001`)).status).toBe(404);
    expect((await page(`${STORE}/receipt`)).status).toBe(404);
  });

  it('escapes buyer text: markup in a name cannot break out of the page or the order block', async () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    await checkout(buyer({ firstName: evil }));
    const { html } = await page(sim.store.receiptUrl('UC-1001'));
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Thank you for your order, &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;!');
    expect(html).toContain('"firstName":"\\u003c/script>\\u003cimg src=x onerror=alert(1)>"');
    expect(orderBlock(html).firstName).toBe(evil);
  });

  it.each([
    ['api', (html: string) => expect(html).toContain('data-mode="api"')],
    ['pixel', (html: string) => expect(html).not.toContain('data-mode')],
  ] as const)('in mode %s carries the script tag and the order block', async (mode, check) => {
    sim.store.configure({ mode });
    await checkout(buyer());
    const { html } = await page(sim.store.receiptUrl('UC-1001'));
    expect(orderBlock(html).orderId).toBe('UC-1001');
    check(html);
  });

  it('in mode original carries ONTRAPORT’s plain pixel image, with the order and no referral', async () => {
    sim.store.configure({ mode: 'original' });
    await checkout(buyer({ CustomField1: '480125' }));
    const { html } = await page(sim.store.receiptUrl('UC-1001'));
    expect(html).not.toContain('partner-pixel');
    const m = /<img src="([^"]+)" width="1" height="1"/.exec(html);
    const src = new URL(m![1].replace(/&amp;/g, '&'));
    expect(src.origin + src.pathname).toBe(`${ONTRAPORT}/p`);
    const parsed = parseQuery(src.searchParams);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload).toMatchObject({ orderId: 'UC-1001', email: 'ada@example.com', tax: 319, shipping: 600 });
    expect(parsed.payload.referral).toBeUndefined();
  });

  it('fills a custom conversion HTML: known tokens replaced, empty custom fields blank, unknown tokens kept', async () => {
    sim = createSimulation({ ontraportOrigin: ONTRAPORT, storeOrigin: STORE, merchantOrigin: MERCHANT });
    const { createUltracart } = await import('../src/index.js');
    const store = createUltracart({
      origin: STORE,
      ontraport: sim.ontraport,
      pixel: { subdomain: 'acme.ontraport.com' },
      conversionHtml: '<p>[OrderId]|[Email]|[LastName]|[Total]|[Tax]|[CustomField1]|[CustomField2]|[Unknown]</p><script>var items=[ItemsJson]</script>',
    });
    await call(store.handlers, `${STORE}/checkout`, form(buyer({ lastName: 'O"Brien', CustomField1: 'a&b' })));
    const html = await (await call(store.handlers, store.receiptUrl('UC-1001'))).text();
    expect(html).toContain('<p>UC-1001|ada@example.com|O&quot;Brien|49.09|3.19|a&amp;b||[Unknown]</p>');
    expect(html).toContain('var items=[{"id":"SKU-1","name":"Starter Kit","price":"19.95","quantity":2}]');
  });

  it('puts the custom-field referral on the order block as its partner', async () => {
    await checkout(buyer({ CustomField1: '480125', CustomField2: 'spring', CustomField3: '2' }));
    const { html } = await page(sim.store.receiptUrl('UC-1001'));
    expect(orderBlock(html).partner).toEqual({ orid: '480125', sid: 'spring', opid: '2' });
  });
});

describe('refunds', () => {
  let partnerId: number;
  beforeEach(async () => {
    partnerId = sim.ontraport.addPartner({ firstName: 'P', lastName: 'Q', email: 'p@partners.example' }).id;
    await checkout(buyer());
    // What the receipt's script sends: the order block, with the partner, as the pixel query.
    const { html } = await page(sim.store.receiptUrl('UC-1001'));
    const checked = readOrder(orderBlock(html));
    if (!checked.ok) throw new Error(checked.reason);
    const query = buildQuery(toPayload(checked.order, { orid: String(partnerId) }));
    expect((await call(sim.handlers, `${ONTRAPORT}/p?${query}`)).status).toBe(200);
  });

  it('reconciles: ONTRAPORT records the same total as the store', () => {
    expect(sim.ontraport.purchase('UC-1001')!.total).toBe(sim.store.order('UC-1001')!.total);
    expect(sim.ontraport.partner(partnerId)).toMatchObject({ sales: 1, amount: 4909 });
  });

  it('propagates a full refund to ONTRAPORT, reversing the credit', () => {
    expect(sim.store.refund('UC-1001')).toEqual({
      ok: true,
      orderId: 'UC-1001',
      amount: 4909,
      full: true,
      propagated: true,
      ontraport: 'refunded',
    });
    expect(sim.ontraport.purchase('UC-1001')!.refunded).toBe(true);
    expect(sim.ontraport.partner(partnerId)).toMatchObject({ sales: 0, amount: 0 });
  });

  it('keeps a partial refund in the store only, like the original integration', () => {
    expect(sim.store.refund('UC-1001', 1000)).toMatchObject({ ok: true, amount: 1000, full: false, propagated: false });
    // The rest is not a "full refund" either: UltraCart's full refund is of the whole order.
    expect(sim.store.refund('UC-1001', 3909)).toMatchObject({ ok: true, full: false, propagated: false });
    expect(sim.store.order('UC-1001')!.refunds.map((r) => r.amount)).toEqual([1000, 3909]);
    expect(sim.ontraport.purchase('UC-1001')!.refunded).toBe(false);
    expect(sim.ontraport.partner(partnerId)).toMatchObject({ sales: 1, amount: 4909 });
  });

  it.each([
    ['an unknown order', 'UC-9', undefined, 'unknown order'],
    ['more than the total', 'UC-1001', 4910, 'at most 4909 cents'],
    ['zero', 'UC-1001', 0, 'positive'],
  ])('refuses a refund of %s', (_, orderId, amount, reason) => {
    const result = sim.store.refund(orderId, amount);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
    expect(sim.ontraport.partner(partnerId)!.sales).toBe(1);
  });

  it('takes refunds over HTTP: JSON answers JSON, a form redirects to the admin page', async () => {
    const partial = await call(sim.handlers, `${STORE}/admin/refund`, json({ orderId: 'UC-1001', amount: '5.00' }));
    expect(await partial.json()).toMatchObject({ ok: true, amount: 500, full: false });
    const bad = await call(sim.handlers, `${STORE}/admin/refund`, json({ orderId: 'UC-1001', amount: '5.001' }));
    expect(bad.status).toBe(400);
    const viaForm = await call(sim.handlers, `${STORE}/admin/refund`, form({ orderId: 'UC-1001', amount: '' }));
    expect(viaForm.status).toBe(303);
    const admin = await page(new URL(viaForm.headers.get('location')!, STORE).href);
    expect(admin.html).toContain('Refunded $44.09 on UC-1001 (partial refund: UltraCart does not report partial refunds to ONTRAPORT');
    expect(sim.ontraport.partner(partnerId)!.sales).toBe(1);
  });

  it('refuses a refund or a product posted from another site (403), and changes nothing', async () => {
    const elsewhere = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), Origin: 'https://elsewhere.example' } });
    const refund = await call(sim.handlers, `${STORE}/admin/refund`, elsewhere(form({ orderId: 'UC-1001', amount: '' })));
    expect(refund.status).toBe(403);
    const product = await call(sim.handlers, `${STORE}/admin/items`, elsewhere(form({ id: 'SKU-9', name: 'Nine', price: '9.00' })));
    expect(product.status).toBe(403);
    const admin = await page(`${STORE}/admin`);
    expect(admin.html).not.toContain('SKU-9');
    expect(admin.html).not.toContain('Refunded');
    // From the admin page itself, the same refund goes through.
    expect((await call(sim.handlers, `${STORE}/admin/refund`, { ...form({ orderId: 'UC-1001', amount: '' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: STORE } })).status).toBe(303);
  });
});

describe('the merchant site', () => {
  it('has the script tag with the checkout host, and Buy links and a form to the checkout', async () => {
    const { html } = await page(sim.merchant.landingUrl);
    expect(html).toContain('data-subdomain="acme.ontraport.com" data-attribution="last" data-checkout-hosts="secure.ultracart.com"');
    expect(html).toContain(`href="${STORE}/checkout?item=SKU-1"`);
    expect(html).toContain(`<form id="order-form" method="post" action="${STORE}/checkout">`);
    expect((await page(`${MERCHANT}/about`)).html).toContain(`href="${STORE}/checkout?item=SKU-1"`);
  });
});
