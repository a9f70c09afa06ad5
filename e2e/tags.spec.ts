/**
 * The two production tags on real pages in Chromium: the page tag captures and decorates
 * (UltraCart custom fields too) and refuses a purchase out loud; the receipt tag sends the sale
 * and the opt-in pixels; misread options are read as meant; debug mode loads the debug build
 * from the tag's own origin and prints one install report, on a page with nothing to do too.
 */
import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, HOSTS, recordPixelRequests, test } from '@partner-pixel/harness/playwright';
import { consent, html, order, orderBlock, PAGE_SCRIPT_SRC, QUEUE_STUB, SCRIPT_SRC, serve, STORE, tagStarted } from './support/site.js';

const tag = (src: string, attrs = '') => `<script async src="${src}" data-subdomain="${HOSTS.ontraport}" ${attrs}></script>`;

/** Every console message of the page, as text. */
function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m: ConsoleMessage) => lines.push(m.text()));
  return lines;
}

/** Waits until the page has printed a message matching `pattern`. */
const printed = (lines: string[], pattern: RegExp) => expect.poll(() => lines.find((l) => pattern.test(l)) ?? '').toMatch(pattern);

test('the page tag captures and writes the referral and CustomFieldN on checkout links', async ({ page, server, partner }) => {
  const landing = serve(
    server,
    '/landing',
    html(`<a id="buy" href="https://www.merchant.example/buy" onclick="event.preventDefault()">Buy</a>` + tag(PAGE_SCRIPT_SRC, 'data-checkout-hosts="https://WWW.Merchant.Example:443" data-custom-fields="orid:1,sid:2,opid:3"')),
  );
  await page.goto(`${landing}?orid=${partner.id}&sid=spring&opid=7`);
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name == 'pp_ref')).toBe(true);
  await page.locator('#buy').dispatchEvent('click');
  const href = new URL(await page.locator('#buy').getAttribute('href') as string);
  expect(Object.fromEntries(href.searchParams)).toEqual({
    orid: String(partner.id),
    CustomField1: String(partner.id),
    sid: 'spring',
    CustomField2: 'spring',
    opid: '7',
    CustomField3: '7',
  });
});

test('the page tag sends no sale: a queued purchase and an order block each warn that the receipt tag is needed', async ({ page, server, account }) => {
  const lines = consoleOf(page);
  const pixels = recordPixelRequests(page);
  const url = serve(
    server,
    '/wrong-tag',
    html(`<script>${QUEUE_STUB}partnerPixel('purchase', ${JSON.stringify(order('W-1'))})</script>${orderBlock(order('W-2'))}` + tag(PAGE_SCRIPT_SRC)),
  );
  await page.goto(url);
  await printed(lines, /purchase needs the receipt tag \(partner-pixel-receipt\.min\.js\)/);
  await page.waitForLoadState('load');
  expect(lines.filter((l) => /needs the receipt tag/.test(l))).toHaveLength(2);
  expect(pixels).toEqual([]);
  expect(account.pixels()).toEqual([]);
});

test('the receipt tag sends the opt-in pixel for a lead form: aff_only=1, order_id=0, the partner', async ({ page, server, account, partner }) => {
  const landing = serve(server, '/lead', html(tag(SCRIPT_SRC)));
  await page.goto(`${landing}?orid=${partner.id}`);
  await page.evaluate(() => (window as unknown as { partnerPixel(c: string, a: unknown): void }).partnerPixel('optin', { email: 'lead@example.com', firstName: 'Ada' }));
  await expect.poll(() => account.pixels().length).toBe(1);
  const query = new URLSearchParams(account.pixels()[0].query);
  expect([query.get('order_id'), query.get('aff_only'), query.get('email'), query.get('orid')]).toEqual(['0', '1', 'lead@example.com', String(partner.id)]);
});

test('data-mode="API" in any case sends no sale pixel, and says why', async ({ page, server, account }) => {
  const lines = consoleOf(page);
  await page.goto(serve(server, '/api-mode', html(orderBlock(order('A-1')) + tag(SCRIPT_SRC, 'data-mode="API"'))));
  await printed(lines, /mode api/);
  expect(account.pixels()).toEqual([]);
});

test('in production, a misspelled attribute and an unknown data-mode warn with the accepted values, and "apii" sends no sale', async ({ page, server, account }) => {
  const lines = consoleOf(page);
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(serve(server, '/misread', html(orderBlock(order('M-1')) + tag(SCRIPT_SRC, 'data-mode="apii" data-checkout-host="secure.ultracart.com"'))));
  await printed(lines, /data-checkout-host "secure.ultracart.com" unknown; accepted: .*data-checkout-hosts/);
  await printed(lines, /data-mode "apii" read as api; accepted: pixel, api/);
  await printed(lines, /mode api/);
  await page.waitForLoadState('load');
  expect(scripts).toEqual(['/partner-pixel-receipt.min.js']);
  expect(account.pixels()).toEqual([]);
});

test('a refused order names the field, echoes the value and gives a code in production', async ({ page, server, account }) => {
  const lines = consoleOf(page);
  const bad = order('R-1', { items: [{ id: 'SKU-1', price: '$19.95', quantity: 2 }] });
  await page.goto(serve(server, '/refused', html(orderBlock(bad) + tag(SCRIPT_SRC))));
  await printed(lines, /order refused: items\[0\]\.price "\$19\.95" \(not-amount\)/);
  expect(account.pixels()).toEqual([]);
});

test('?pp_debug=1 loads the debug build from the tag origin and reports, on a page with nothing to do', async ({ page, server }) => {
  const lines = consoleOf(page);
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(serve(server, '/nothing', html(tag(PAGE_SCRIPT_SRC, 'data-checkout-host="secure.ultracart.com" data-attribution="First"'))) + '?pp_debug=1');
  await printed(lines, /install report: page tag/);
  expect(scripts).toEqual(['/partner-pixel.min.js', '/partner-pixel-debug.min.js']);
  await printed(lines, /data-checkout-host is not an option: did you mean data-checkout-hosts\?/);
  await printed(lines, /referral held: none/);
  await printed(lines, /nothing sent from this page/);
  // "First" is understood as first: no note about it.
  expect(lines.some((l) => /data-attribution "First"/.test(l))).toBe(false);
});

test('debug mode on a receipt already sent shows the pixel as sent then, decoded key by key', async ({ page, server, account }) => {
  const url = serve(server, '/debug-receipt', html(orderBlock(order('D-1')) + tag(SCRIPT_SRC, 'data-debug')));
  await page.goto(url);
  await expect.poll(() => account.pixels().length).toBe(1);
  const lines = consoleOf(page);
  await page.reload();
  await printed(lines, /install report: receipt tag/);
  await printed(lines, /purchase: duplicate/);
  await printed(lines, /already sent from this browser; the pixel as sent then:/);
  await printed(lines, new RegExp(`^${STORE.replace('secure.ultracart.com', HOSTS.ontraport).replace(/\./g, '\\.')}/p\\?order_id=D-1`));
  expect(account.pixels()).toHaveLength(1);
});

test('debug mode on a receipt waiting for consent reports the sale as held, then reports it sent once consent is given', async ({ page, server, account }) => {
  const lines = consoleOf(page);
  await page.goto(serve(server, '/debug-consent', html(orderBlock(order('D-3')) + tag(SCRIPT_SRC, 'data-debug data-require-consent'))));
  await printed(lines, /install report: receipt tag/);
  await printed(lines, /^purchase: held until consent: nothing sent yet/);
  expect(account.pixels()).toHaveLength(0);
  await consent(page, true);
  await expect.poll(() => account.purchases().filter((p) => p.orderId == 'D-3').length).toBe(1);
  await printed(lines, /^purchase: sent$/);
  expect(lines.filter((l) => /install report: receipt tag/.test(l))).toHaveLength(2);
});

test('debug mode lists a pixel still waiting after a failed attempt, with its next try, and the retry delivers it', async ({ page, server, account }) => {
  // The fetch and its image fallback both meet a connection closed unanswered.
  account.faults.dropNext(2);
  const lines = consoleOf(page);
  await page.goto(serve(server, '/debug-waiting', html(orderBlock(order('D-2')) + tag(SCRIPT_SRC, 'data-debug'))));
  await printed(lines, /install report: receipt tag/);
  await printed(lines, /purchase: queued/);
  await printed(lines, /^waiting: D-2, 1 attempt failed, next in \d+ s \(on this page while it stays, else on this site's next page view\)$/);
  await expect.poll(() => account.purchases().filter((p) => p.orderId == 'D-2').length, { timeout: 15_000 }).toBe(1);
  await printed(lines, /sent https:.*order_id=D-2/);
});

test('in production, the page tag names a data-attribution, a custom field and a partner link part it cannot read', async ({ page, server, partner }) => {
  const lines = consoleOf(page);
  const landing = serve(server, '/misread-page', html(tag(PAGE_SCRIPT_SRC, 'data-attribution="frist" data-custom-fields="orid:1,sid:9"')));
  await page.goto(`${landing}?orid=${partner.id}&sid=spring%20sale`);
  await printed(lines, /data-attribution "frist" read as last; accepted: first, last/);
  await printed(lines, /data-custom-fields "sid:9" ignored; accepted: orid, sid, opid : 1 to 7/);
  await printed(lines, /sid "spring sale" ignored; accepted: 1 to 64 of A-Z a-z 0-9 \. _ ~ -/);
  // The partner is still captured, without the sub-id.
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name == 'pp_ref')?.value ?? '').toMatch(new RegExp(`^1\\|${partner.id}::`));
});

test('a bare data-cookie-days is not read as one day: it warns and keeps the referral 30 days; a bare data-require-consent is on', async ({ page, server, partner }) => {
  const lines = consoleOf(page);
  const landing = serve(server, '/bare-attributes', html(tag(PAGE_SCRIPT_SRC, 'data-cookie-days')));
  await page.goto(`${landing}?orid=${partner.id}`);
  await printed(lines, /data-cookie-days "" read as 30; accepted: days/);
  const referralCookie = async () => (await page.context().cookies()).find((c) => c.name == 'pp_ref');
  await expect.poll(referralCookie).toBeTruthy();
  const days = ((await referralCookie())!.expires - Date.now() / 1000) / 86400;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  // On/off options still read a bare attribute as on: nothing is written before consent.
  await page.context().clearCookies();
  await page.goto(`${serve(server, '/bare-consent', html(tag(PAGE_SCRIPT_SRC, 'data-require-consent')))}?orid=${partner.id}`);
  await tagStarted(page);
  expect(await referralCookie()).toBeUndefined();
});

test('a cookie domain the page is not on: Chromium drops the referral cookie in silence, and the debug report says so', async ({ page, server, partner }) => {
  const lines = consoleOf(page);
  const landing = serve(server, '/foreign-cookie-domain', html(tag(PAGE_SCRIPT_SRC, 'data-cookie-domain=".merchant.com"')));
  await page.goto(`${landing}?orid=${partner.id}&pp_debug=1`);
  await printed(lines, /install report: page tag/);
  await printed(lines, /data-cookie-domain "\.merchant\.com" is not this page's host \(secure\.ultracart\.com\) or a domain above it/);
  expect((await page.context().cookies()).some((c) => c.name == 'pp_ref')).toBe(false);
});
