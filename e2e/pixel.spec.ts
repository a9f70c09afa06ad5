/**
 * The pixel library in real Chromium, network closed: the query on the wire, capture
 * then credit, exactly once across a reload, API mode, the command queue, and a host page that
 * never sees an exception. Pages are the merchant's own, served on the merchant host.
 */
import { http, HttpResponse } from 'msw';
import {
  expect,
  HOSTS,
  recordPixelRequests,
  test,
  type HarnessServer,
  type Partner,
} from '@partner-pixel/harness/playwright';

const MERCHANT = `https://${HOSTS.merchant}`;

/** The order of docs/wire.md §3, with two lines, handling and every contact field. */
const ORDER = {
  orderId: 'MX-1001',
  email: 'buyer@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  address: '1 Main St',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  country: 'US',
  phone: '+1 217 555 0100',
  items: [
    { id: 'SKU-1', name: 'Starter Kit', price: '19.95', quantity: 2 },
    { id: 'SKU-2', price: '49.00' },
  ],
  tax: '1.20',
  shipping: '5.00',
  handling: '1.00',
  total: '96.10',
  currency: 'USD',
};

interface PageOptions {
  /** Markup before the script tag (an order block, a queue stub). */
  head?: string;
  /** Extra attributes of the script tag. */
  attrs?: string;
  /** The script tag's `data-subdomain`; '' leaves it out. */
  subdomain?: string;
}

/** A merchant page with the script tag, as the README's snippets show. */
function merchantPage(scriptSrc: string, o: PageOptions = {}): string {
  const subdomain = o.subdomain ?? HOSTS.ontraport;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Merchant</title></head><body>
<h1>Merchant page</h1>
${o.head ?? ''}
<script async src="${scriptSrc}"${subdomain ? ` data-subdomain="${subdomain}"` : ''} data-debug ${o.attrs ?? ''}></script>
</body></html>`;
}

const orderBlock = (order: unknown) =>
  `<script type="application/json" id="partner-pixel-order">${typeof order == 'string' ? order : JSON.stringify(order)}</script>`;

/** Serves `html` at `path` on the merchant host for this test. */
function serve(server: HarnessServer, path: string, html: string): string {
  const url = `${MERCHANT}${path}`;
  server.use(http.get(url, () => new HttpResponse(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } })));
  return url;
}

/** Serves a landing page and a receipt for `order`, both with the script tag. */
function landingAndReceipt(server: HarnessServer, scriptSrc: string, order: unknown = ORDER, receipt: PageOptions = {}) {
  return {
    landing: serve(server, '/landing', merchantPage(scriptSrc)),
    receipt: serve(server, '/thank-you', merchantPage(scriptSrc, { ...receipt, head: (receipt.head ?? '') + orderBlock(order) })),
  };
}

const landingWith = (url: string, partner: Partner, extra = '') => `${url}?orid=${partner.id}${extra}`;

test.describe('the pixel on a merchant page', () => {
  test('sends the query exactly as docs/wire.md says', async ({ page, server, store, account, partner }) => {
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc);
    await page.goto(landingWith(landing, partner, `&sid=spring&opid=${partner.promoTool.id}`));
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: partner.id, total: '96.10' });

    const pixels = account.pixels();
    expect(pixels).toHaveLength(1);
    const query = new URLSearchParams(pixels[0].query);
    // Literal keys on purpose: this test is the wire contract, so a change to the library's
    // keys must fail here rather than pass along with it.
    const expected: Record<string, string> = {
      order_id: 'MX-1001',
      email: 'buyer@example.com',
      firstname: 'Ada',
      lastname: 'Lovelace',
      address: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      country: 'US',
      phone: '+1 217 555 0100',
      item_id_1: 'SKU-1',
      item_price_1: '19.95',
      item_qty_1: '2',
      item_external_id_1: 'Starter Kit',
      item_id_2: 'SKU-2',
      item_price_2: '49.00',
      item_qty_2: '1',
      tax: '1.20',
      // Shipping plus handling (docs/wire.md §4: handling is folded into shipping_amt).
      shipping_amt: '6.00',
      orid: String(partner.id),
      sid: 'spring',
      opid: String(partner.promoTool.id),
    };
    const keys = [...query.keys()];
    expect(new Set(keys).size, 'no key appears twice').toBe(keys.length);
    expect(Object.fromEntries(query)).toEqual(expected);
    // Reconciles: 2 x 19.95 + 49.00 + 1.20 + 6.00 = 96.10.
    expect(account.purchase(ORDER.orderId)?.total).toBe(9610);
  });

  test('captures a referral on the landing page and credits it on the receipt', async ({ page, server, store, account, partner }) => {
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc);
    await page.goto(landingWith(landing, partner));
    // The referral lives in the first-party cookie, not in the receipt's URL.
    const cookies = await page.context().cookies(MERCHANT);
    expect(cookies.find((c) => c.name == 'pp_ref')?.value).toContain(String(partner.id));
    await page.goto(`${MERCHANT}/elsewhere-then-back`).catch(() => {}); // a 404 page in between
    await page.goto(receipt);
    await expect(account).toHaveContact(ORDER.email, { firstReferrer: partner, lastReferrer: partner });
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: partner.id });
    await expect(account).toHaveCredited(partner, { sales: 1, amount: '96.10' });
  });

  test('sends nothing new when the receipt is reloaded', async ({ page, server, store, account, partner }) => {
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc);
    await page.goto(landingWith(landing, partner));
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: partner.id });
    const sent = recordPixelRequests(page);
    await page.reload();
    await page.goBack();
    await page.goForward();
    expect(sent, 'pixel requests after reload, back and forward').toEqual([]);
    expect(account.pixels()).toHaveLength(1);
    await expect(account).toHaveCredited(partner, { sales: 1 });
  });

  test('sends nothing new from a second tab on the same receipt', async ({ page, server, store, account, partner }) => {
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc);
    await page.goto(landingWith(landing, partner));
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: partner.id });
    const second = await page.context().newPage();
    const sent = recordPixelRequests(second);
    await second.goto(receipt); // resolves on load: the async script has run by then
    expect(sent, 'pixel requests from the second tab').toEqual([]);
    expect(account.pixels()).toHaveLength(1);
  });

  test('sends no sale pixel in API mode, and says why in the console', async ({ page, server, store, account, partner }) => {
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc, ORDER, { attrs: 'data-mode="api"' });
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(landingWith(landing, partner));
    const sent = recordPixelRequests(page);
    await page.goto(receipt); // resolves on load: the async script has run by then
    expect(sent).toEqual([]);
    expect(account.pixels()).toEqual([]);
    expect(messages.join('\n')).toMatch(/mode api: the API method reports sales/);
  });

  test('takes any option as a data-* attribute: cookie name and lifetime here', async ({ page, server, store, account, partner }) => {
    const attrs = 'data-cookie-name="acme_ref" data-cookie-days="7"';
    const landing = serve(server, '/landing', merchantPage(store.scriptSrc, { attrs }));
    const receipt = serve(server, '/thank-you', merchantPage(store.scriptSrc, { attrs, head: orderBlock(ORDER) }));
    const before = Date.now() / 1000;
    await page.goto(landingWith(landing, partner));
    const cookies = await page.context().cookies(MERCHANT);
    expect(cookies.map((c) => c.name)).toEqual(['acme_ref']);
    // Seven days, give or take the seconds this test takes.
    expect(cookies[0].expires - before).toBeGreaterThan(7 * 86400 - 60);
    expect(cookies[0].expires - before).toBeLessThan(7 * 86400 + 60);
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: partner.id });
  });

  test('replays the command queue stubbed before the script loaded', async ({ page, server, store, account, partner }) => {
    const stub = `<script>
window.partnerPixel=window.partnerPixel||function(){(partnerPixel.q=partnerPixel.q||[]).push(arguments)};
partnerPixel('init', { subdomain: '${HOSTS.ontraport}', debug: true });
partnerPixel('purchase', ${JSON.stringify({ ...ORDER, orderId: 'MX-QUEUE' })});
</script>`;
    const landing = serve(server, '/landing', merchantPage(store.scriptSrc));
    const receipt = serve(server, '/queued', merchantPage(store.scriptSrc, { head: stub, subdomain: '' }));
    await page.goto(landingWith(landing, partner));
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase('MX-QUEUE', { partnerId: partner.id, total: '96.10' });
    // After loading, the queue function is the live API: a purchase now is sent at once.
    await page.evaluate((order) => (window as unknown as { partnerPixel: (...a: unknown[]) => void }).partnerPixel('purchase', order), {
      ...ORDER,
      orderId: 'MX-LIVE',
    });
    await expect(account).toHaveRecordedPurchase('MX-LIVE', { partnerId: partner.id });
  });
});

test.describe('the host page never sees an exception', () => {
  const HOSTILE_ORIDS = ['-1', '0', 'abc', '1e3', '99999999999999999999999', '<script>alert(1)</script>', '%E0%A4%A', '480125%00', ''];
  const HOSTILE_COOKIES = [
    'garbage',
    '%E0%A4%A',
    '{"v":1,"f":{"orid":"<img src=x onerror=alert(1)>"}}',
    encodeURIComponent('{"v":1,"f":{"orid":"-5"},"l":null}'),
    'v9|1|2|3',
    'null',
    '__proto__',
    'x'.repeat(3000),
  ];
  const BAD_ORDERS = [
    '{"orderId": "MX-1", "email": ',
    'null',
    '[]',
    '"a string"',
    JSON.stringify({ ...ORDER, orderId: 'MX-BAD-TOTAL', total: '1.00' }),
    JSON.stringify({ ...ORDER, orderId: 'MX-NO-EMAIL', email: '' }),
    JSON.stringify({ ...ORDER, orderId: 'MX-NAN', items: [{ id: 'SKU-1', price: 'NaN' }] }),
    JSON.stringify({ ...ORDER, orderId: 'MX-NEG', items: [{ id: 'SKU-1', price: '-19.95' }], total: undefined }),
    JSON.stringify({ ...ORDER, orderId: { toString: 1 } }),
  ];

  test('bad orid values in the URL are ignored, never stored or sent', async ({ page, server, store, account }) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    const { landing, receipt } = landingAndReceipt(server, store.scriptSrc);
    for (const orid of HOSTILE_ORIDS) await page.goto(`${landing}?orid=${orid}&sid=<b>x</b>&opid=-2`);
    expect(await page.context().cookies(MERCHANT)).toEqual([]);
    await page.goto(receipt);
    await expect(account).toHaveRecordedPurchase(ORDER.orderId, { partnerId: null });
    expect(new URLSearchParams(account.pixels()[0].query).has('orid')).toBe(false);
    expect(errors).toEqual([]);
  });

  test('hostile referral cookie values read as no referral', async ({ page, server, store, account }) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    let n = 0;
    for (const value of HOSTILE_COOKIES) {
      await page.context().clearCookies();
      await page.context().addCookies([{ name: 'pp_ref', value, domain: HOSTS.merchant, path: '/', secure: true }]);
      const order = { ...ORDER, orderId: `MX-COOKIE-${++n}` };
      await page.goto(serve(server, `/receipt-${n}`, merchantPage(store.scriptSrc, { head: orderBlock(order) })));
      await expect(account).toHaveRecordedPurchase(order.orderId, { partnerId: null });
      expect(new URLSearchParams(account.pixels().at(-1)!.query).has('orid')).toBe(false);
    }
    expect(errors).toEqual([]);
  });

  test('broken order blocks are refused with a warning, never thrown', async ({ page, server, store, account }) => {
    const errors: Error[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (e) => errors.push(e));
    page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()));
    const sent = recordPixelRequests(page);
    let n = 0;
    for (const block of BAD_ORDERS) {
      await page.goto(serve(server, `/bad-${++n}`, merchantPage(store.scriptSrc, { head: orderBlock(block) })));
    }
    // A page script that calls the API with nonsense must not break either.
    await page.evaluate(() => {
      const pp = (window as unknown as { partnerPixel: (...a: unknown[]) => void }).partnerPixel;
      pp('purchase', undefined);
      pp('purchase', { orderId: 'MX-X', email: 'x@example.com', items: 'not a list' });
      pp('no-such-command', 1);
      pp();
    });
    // The script's own page still works afterwards.
    await expect(page.locator('h1')).toHaveText('Merchant page');
    expect(sent).toEqual([]);
    expect(account.pixels()).toEqual([]);
    expect(errors).toEqual([]);
    expect(warnings.length).toBeGreaterThanOrEqual(BAD_ORDERS.length);
  });
});
