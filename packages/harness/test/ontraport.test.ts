import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseQuery } from 'partner-pixel/wire';
import { createOntraport, ONTRAPORT_COOKIE, type Attribution, type Ontraport, type Partner } from '../src/index.js';
import { call, json, order, ORDER_TOTAL, saleQuery } from './helpers.js';

const ORIGIN = 'https://acme.ontraport.com';
const GIF_HEADER = 'GIF89a';

let op: Ontraport;
let alice: Partner;
let bob: Partner;

function setup(attribution: Attribution = 'last') {
  op = createOntraport({ origin: ORIGIN, attribution });
  alice = op.addPartner({ firstName: 'Alice', lastName: 'Able', email: 'alice@partners.example' });
  bob = op.addPartner({ firstName: 'Bob', lastName: 'Baker', email: 'bob@partners.example' });
}

/** Sends a pixel with our library's query (referral in the query), optionally with a cookie. */
const pixel = (query: string, cookie?: string) =>
  call(op.handlers, `${ORIGIN}/p?${query}`, cookie ? { headers: { cookie } } : undefined);
const sale = (orderId: string, email: string, orid?: number) =>
  pixel(saleQuery(order(orderId, email), orid ? { orid: String(orid) } : undefined));
const optIn = (email: string, orid: number) => pixel(`order_id=0&aff_only=1&email=${encodeURIComponent(email)}&orid=${orid}`);

beforeEach(() => setup());

describe('the pixel endpoint', () => {
  it('answers a recorded sale with a real 1x1 GIF that is never cached', async () => {
    const res = await sale('UC-1', 'ada@example.com', alice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 6))).toBe(GIF_HEADER);
    expect(bytes[6] | (bytes[7] << 8)).toBe(1); // width
    expect(bytes[8] | (bytes[9] << 8)).toBe(1); // height
  });

  it('records items, tax, shipping and the total in cents, as the query carried them', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    const [p] = op.purchases();
    expect(p).toMatchObject({
      orderId: 'UC-1',
      email: 'ada@example.com',
      items: [{ id: 'SKU-1', price: 1995, quantity: 2 }],
      tax: 319,
      shipping: 600,
      total: ORDER_TOTAL,
      partnerId: alice.id,
      referralSource: 'query',
      refunded: false,
    });
    expect(op.partner(alice.id)).toMatchObject({ sales: 1, amount: ORDER_TOTAL });
    expect(op.partner(bob.id)).toMatchObject({ sales: 0, amount: 0 });
  });

  it('answers HEAD like GET', async () => {
    const res = await call(op.handlers, `${ORIGIN}/p?${saleQuery(order('UC-9', 'h@example.com'))}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(op.purchase('UC-9')).toBeDefined();
  });

  it.each([
    ['no order id', 'email=a@example.com&item_id_1=SKU-1&item_price_1=1.00', 'order_id is missing'],
    ['no email', 'order_id=UC-1&item_id_1=SKU-1&item_price_1=1.00', 'email is missing'],
    ['a malformed price', 'order_id=UC-1&email=a@example.com&item_id_1=SKU-1&item_price_1=1.999', 'item 1 is malformed'],
    ['a sale without items', 'order_id=UC-1&email=a@example.com', 'a sale needs an order id and items'],
  ])('rejects a query with %s (400, nothing recorded, reason logged)', async (_, query, reason) => {
    const res = await pixel(query);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(reason);
    expect(op.contacts()).toEqual([]);
    expect(op.purchases()).toEqual([]);
    expect(op.pixels()).toMatchObject([{ outcome: 'rejected', reason }]);
  });

  it('parses with the wire module: what it records is what parseQuery reads', async () => {
    const query = saleQuery(order('UC-7', 'w@example.com', { firstName: 'Wen', city: 'Oslo' }), { orid: String(bob.id), sid: 'spring' });
    await pixel(query);
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(op.purchase('UC-7')!.items).toEqual(parsed.payload.items);
    expect(op.contact('w@example.com')).toMatchObject({ firstName: 'Wen', city: 'Oslo', lastSid: 'spring' });
  });
});

describe('contacts and referrers', () => {
  it('gives a new contact the partner as both first and last referrer', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    expect(op.contact('ada@example.com')).toMatchObject({ firstReferrer: alice.id, lastReferrer: alice.id });
  });

  it('keys contacts by email, case-insensitively', async () => {
    await sale('UC-1', 'Ada@Example.com', alice.id);
    await sale('UC-2', 'ada@example.COM', bob.id);
    expect(op.contacts()).toHaveLength(1);
    expect(op.contact('ADA@example.com')).toMatchObject({ firstReferrer: alice.id, lastReferrer: bob.id });
  });

  // Each case: what happens to an existing contact first referred by Alice.
  it.each([
    ['an order through Bob', () => sale('UC-2', 'ada@example.com', bob.id), () => bob.id, 2],
    ['an opt-in through Bob', () => optIn('ada@example.com', bob.id), () => bob.id, 1],
    ['an order without a referral', () => sale('UC-2', 'ada@example.com'), () => alice.id, 2],
  ])('existing contact, %s: first stays, last follows orders and opt-ins only', async (_, act, last, purchases) => {
    await sale('UC-1', 'ada@example.com', alice.id);
    await act();
    expect(op.contact('ada@example.com')).toMatchObject({ firstReferrer: alice.id, lastReferrer: last() });
    expect(op.purchases()).toHaveLength(purchases);
  });

  it('does not change referrers on a promo-link click alone', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    const tool = op.addPromoTool({ name: 'Home', landingUrl: 'https://shop.example/' });
    await call(op.handlers, op.promoLink(bob.id, tool.id));
    expect(op.contact('ada@example.com')).toMatchObject({ lastReferrer: alice.id });
  });

  it('records an opt-in (aff_only=1, order_id=0) as contact and referrer without a purchase', async () => {
    const res = await optIn('new@example.com', bob.id);
    expect(res.status).toBe(200);
    expect(op.contact('new@example.com')).toMatchObject({ firstReferrer: bob.id, lastReferrer: bob.id });
    expect(op.purchases()).toEqual([]);
    expect(op.partner(bob.id)).toMatchObject({ sales: 0, amount: 0 });
  });

  it('creates a contact without referrers when no partner is named, and ignores unknown partner ids', async () => {
    await sale('UC-1', 'plain@example.com');
    await sale('UC-2', 'stranger@example.com', 999999);
    for (const email of ['plain@example.com', 'stranger@example.com'])
      expect(op.contact(email)).toMatchObject({ firstReferrer: null, lastReferrer: null });
    expect(op.purchases().map((p) => p.partnerId)).toEqual([null, null]);
  });

  it('sets the first referrer later when the contact had none', async () => {
    await sale('UC-1', 'ada@example.com');
    await sale('UC-2', 'ada@example.com', bob.id);
    expect(op.contact('ada@example.com')).toMatchObject({ firstReferrer: bob.id, lastReferrer: bob.id });
  });
});

describe('crediting first or last referrer', () => {
  it.each([
    ['last', () => bob],
    ['first', () => alice],
  ] as const)('under "%s", a second order through another partner credits the %s referrer', async (attribution, credited) => {
    setup(attribution);
    await sale('UC-1', 'ada@example.com', alice.id);
    await sale('UC-2', 'ada@example.com', bob.id);
    expect(op.purchase('UC-2')!.partnerId).toBe(credited().id);
    const other = credited().id == alice.id ? bob : alice;
    expect(op.partner(credited().id)).toMatchObject({ sales: credited().id == alice.id ? 2 : 1 });
    expect(op.partner(other.id)).toMatchObject({ sales: other.id == alice.id ? 1 : 0 });
  });

  it('switches the setting over HTTP and applies it to later purchases only', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    const res = await call(op.handlers, `${ORIGIN}/__harness/attribution`, json({ attribution: 'first' }));
    expect(await res.json()).toEqual({ attribution: 'first' });
    await sale('UC-2', 'ada@example.com', bob.id);
    expect(op.purchases().map((p) => p.partnerId)).toEqual([alice.id, alice.id]);
    const bad = await call(op.handlers, `${ORIGIN}/__harness/attribution`, json({ attribution: 'middle' }));
    expect(bad.status).toBe(400);
    expect(op.attribution).toBe('first');
  });
});

describe('exactly once', () => {
  it('records a repeated order id once and answers the repeat with a GIF too', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    const again = await sale('UC-1', 'ada@example.com', bob.id);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toBe('image/gif');
    expect(op.purchases()).toHaveLength(1);
    expect(op.partner(alice.id)).toMatchObject({ sales: 1, amount: ORDER_TOTAL });
    expect(op.contact('ada@example.com')!.lastReferrer).toBe(alice.id);
    expect(op.pixels().map((h) => h.outcome)).toEqual(['recorded', 'duplicate']);
  });
});

describe('refunds', () => {
  beforeEach(() => sale('UC-1', 'ada@example.com', alice.id));

  it.each([
    ['no amount', undefined],
    ['the whole total', ORDER_TOTAL],
  ])('a full refund (%s) reverses the credit and marks the purchase refunded', (_, amount) => {
    expect(op.refund('UC-1', amount)).toBe('refunded');
    expect(op.purchase('UC-1')!.refunded).toBe(true);
    expect(op.partner(alice.id)).toMatchObject({ sales: 0, amount: 0 });
  });

  it('does not propagate a partial refund, like the original integration', () => {
    expect(op.refund('UC-1', 500)).toBe('partial-not-propagated');
    expect(op.purchase('UC-1')!.refunded).toBe(false);
    expect(op.partner(alice.id)).toMatchObject({ sales: 1, amount: ORDER_TOTAL });
  });

  it('refuses a second refund and an unknown order', () => {
    op.refund('UC-1');
    expect(op.refund('UC-1')).toBe('already-refunded');
    expect(op.partner(alice.id)).toMatchObject({ sales: 0, amount: 0 });
    expect(op.refund('UC-404')).toBe('unknown-order');
  });
});

describe('the original method: ONTRAPORT’s own cookie', () => {
  it.each([
    ['https', 'https://acme.ontraport.com', '; SameSite=None; Secure'],
    ['http', 'http://ontraport.localhost:8080', ''],
  ])('the promo link (%s) sets the cookie on its host and redirects with orid, opid and sid', async (_, origin, flags) => {
    op = createOntraport({ origin });
    const p = op.addPartner({ firstName: 'P', lastName: 'Q', email: 'p@x.example' });
    const tool = op.addPromoTool({ name: 'Checkout', landingUrl: 'https://secure.ultracart.com/checkout?item=SKU-1' });
    const link = op.promoLink(p.id, tool.id, 'spring');
    expect(link).toBe(`${origin}/c?orid=${p.id}&opid=${tool.id}&sid=spring`);
    const res = await call(op.handlers, link);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://secure.ultracart.com/checkout');
    expect(Object.fromEntries(location.searchParams)).toEqual({ item: 'SKU-1', orid: String(p.id), opid: String(tool.id), sid: 'spring' });
    expect(res.headers.getSetCookie()).toEqual([`${ONTRAPORT_COOKIE}=${p.id}:${tool.id}:spring; Path=/; Max-Age=2592000${flags}`]);
  });

  it.each([
    ['an unknown partner', (t: number) => `${ORIGIN}/c?orid=1&opid=${t}`],
    ['an unknown promo tool', () => `${ORIGIN}/c?orid=480125&opid=99`],
    ['no partner', (t: number) => `${ORIGIN}/c?opid=${t}`],
  ])('answers a promo link to %s with 404 and no cookie', async (_, url) => {
    const tool = op.addPromoTool({ name: 'Home', landingUrl: 'https://shop.example/' });
    const res = await call(op.handlers, url(tool.id));
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('credits the partner of the cookie when the query names none, and logs the cookie sent', async () => {
    const cookie = `other=1; ${ONTRAPORT_COOKIE}=${bob.id}:1:`;
    await pixel(saleQuery(order('UC-1', 'ada@example.com')), cookie);
    expect(op.purchase('UC-1')).toMatchObject({ partnerId: bob.id, referralSource: 'cookie' });
    expect(op.pixels()[0]).toMatchObject({ cookie, outcome: 'recorded', referral: { partnerId: bob.id, source: 'cookie' } });
  });

  it('loses the partner when the browser sent no cookie (third-party cookies blocked)', async () => {
    await pixel(saleQuery(order('UC-1', 'ada@example.com')));
    expect(op.purchase('UC-1')).toMatchObject({ partnerId: null, referralSource: null });
    expect(op.pixels()[0].cookie).toBeNull();
  });

  it('prefers the referral in the query over the cookie', async () => {
    await pixel(saleQuery(order('UC-1', 'ada@example.com'), { orid: String(alice.id) }), `${ONTRAPORT_COOKIE}=${bob.id}:1:`);
    expect(op.purchase('UC-1')).toMatchObject({ partnerId: alice.id, referralSource: 'query' });
  });
});

describe('fault injection', () => {
  afterEach(() => vi.useRealTimers());

  it('fails the next N requests with the status, records none of them, then recovers', async () => {
    op.faults.failNext(2, 500);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sale('UC-1', 'ada@example.com', alice.id)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(op.pixels().map((h) => h.outcome)).toEqual(['failed', 'failed', 'recorded']);
    expect(op.purchases()).toHaveLength(1);
    expect(op.partner(alice.id)!.sales).toBe(1);
  });

  it('drops the next N requests as network errors, records none of them, then recovers', async () => {
    op.faults.dropNext(1);
    const dropped = await sale('UC-1', 'ada@example.com', alice.id);
    expect(dropped.type).toBe('error');
    expect(op.purchases()).toEqual([]);
    expect(op.contacts()).toEqual([]);
    expect((await sale('UC-1', 'ada@example.com', alice.id)).status).toBe(200);
    expect(op.pixels().map((h) => h.outcome)).toEqual(['dropped', 'recorded']);
  });

  it('delays every answer, and records only when it answers', async () => {
    vi.useFakeTimers();
    op.faults.delay(10_000);
    let settled = false;
    const pending = sale('UC-1', 'ada@example.com', alice.id).then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    expect(op.purchases()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(op.purchases()).toHaveLength(1);
  });

  it('is set and cleared over HTTP', async () => {
    const res = await call(op.handlers, `${ORIGIN}/__harness/faults`, json({ fail: 1, status: 502, drop: 2, delay: 0 }));
    expect(await res.json()).toEqual({ failNext: 1, status: 502, dropNext: 2, delay: 0 });
    const bad = await call(op.handlers, `${ORIGIN}/__harness/faults`, json({ fail: 1, status: 200 }));
    expect(bad.status).toBe(400);
    await call(op.handlers, `${ORIGIN}/__harness/faults`, json({ reset: true }));
    expect(op.faults.state()).toEqual({ failNext: 0, status: 503, dropNext: 0, delay: 0 });
  });

  it('drops before it fails', async () => {
    op.faults.failNext(1);
    op.faults.dropNext(1);
    expect((await sale('UC-1', 'a@example.com')).type).toBe('error');
    expect((await sale('UC-1', 'a@example.com')).status).toBe(503);
    expect((await sale('UC-1', 'a@example.com')).status).toBe(200);
  });
});

describe('inspection', () => {
  it('serves the whole state as JSON, with every promo link', async () => {
    const tool = op.addPromoTool({ name: 'Home', landingUrl: 'https://shop.example/' });
    await sale('UC-1', 'ada@example.com', alice.id);
    const res = await call(op.handlers, `${ORIGIN}/__harness/state`);
    const state = await res.json();
    expect(state).toEqual(JSON.parse(JSON.stringify(op.snapshot())));
    expect(state.links).toEqual([
      { partnerId: alice.id, promoToolId: tool.id, promoTool: 'Home', url: op.promoLink(alice.id, tool.id) },
      { partnerId: bob.id, promoToolId: tool.id, promoTool: 'Home', url: op.promoLink(bob.id, tool.id) },
    ]);
    expect(state.purchases).toHaveLength(1);
  });

  it('resets everything, or only the activity keeping partners and their ids', async () => {
    await sale('UC-1', 'ada@example.com', alice.id);
    op.faults.failNext(3);
    await call(op.handlers, `${ORIGIN}/__harness/reset?keep=partners`, { method: 'POST' });
    expect(op.partners()).toEqual([
      { ...alice, sales: 0, amount: 0 },
      { ...bob, sales: 0, amount: 0 },
    ]);
    expect([op.contacts(), op.purchases(), op.pixels()]).toEqual([[], [], []]);
    expect(op.faults.state().failNext).toBe(0);
    await call(op.handlers, `${ORIGIN}/__harness/reset`, { method: 'POST' });
    expect(op.partners()).toEqual([]);
    expect(op.addPartner({ firstName: 'N', lastName: 'N', email: 'n@x.example' }).id).toBe(alice.id);
  });

  it('adds partners and promo tools over HTTP', async () => {
    const res = await call(op.handlers, `${ORIGIN}/__harness/partners`, json({ firstName: 'Cy', lastName: 'Cole', email: 'cy@x.example' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: bob.id + 1, sales: 0 });
    const bad = await call(op.handlers, `${ORIGIN}/__harness/promo-tools`, json({ name: 'x', landingUrl: 'not a url' }));
    expect(bad.status).toBe(400);
  });

  it('serves a dashboard that renders the state with text only, polling every second', async () => {
    const res = await call(op.handlers, `${ORIGIN}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/__harness/state');
    expect(html).toMatch(/dashboardClient\(1000\);\}\)\(\)<\/script>/);
    expect(html).not.toContain('innerHTML');
  });
});

describe('the control API takes changes only from its own pages and from clients without a browser', () => {
  const from = (origin: string, body: unknown): RequestInit => {
    const init = json(body);
    return { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } };
  };

  it.each(['https://elsewhere.example', 'null'])('a POST with Origin %s gets 403 and changes nothing', async (origin) => {
    const res = await call(op.handlers, `${ORIGIN}/__harness/attribution`, from(origin, { attribution: 'first' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(JSON.stringify(origin));
    expect(op.attribution).toBe('last');
    const reset = await call(op.handlers, `${ORIGIN}/__harness/partners`, from(origin, { firstName: 'Cy', lastName: 'Cole', email: 'cy@x.example' }));
    expect(reset.status).toBe(403);
    expect(op.snapshot().partners.some((p: { email?: string }) => p.email == 'cy@x.example')).toBe(false);
  });

  it('the dashboard itself (its own origin) and a test (no Origin) may change it', async () => {
    expect((await call(op.handlers, `${ORIGIN}/__harness/attribution`, from(ORIGIN, { attribution: 'first' }))).status).toBe(200);
    expect(op.attribution).toBe('first');
    expect((await call(op.handlers, `${ORIGIN}/__harness/attribution`, json({ attribution: 'last' }))).status).toBe(200);
    expect(op.attribution).toBe('last');
    await call(op.handlers, `${ORIGIN}/__harness/partners`, json({ firstName: 'Cy', lastName: 'Cole', email: 'cy@x.example' }));
    expect(op.snapshot().partners.some((p: { email?: string }) => p.email == 'cy@x.example')).toBe(true);
  });
});
