/**
 * Consent and hostile input in real Chromium. With `data-require-consent` nothing is
 * written (no `pp_ref` cookie, no `pp_outbox_v2` ledger) and nothing sent before
 * `partnerPixel('consent', true)`; with `data-respect-gpc` and the browser's Global Privacy
 * Control on, nothing ever. Markup in order fields never reaches the DOM and travels only
 * URL-encoded; garbage in the block or the queue raises nothing in the page.
 *
 * A negative is proved after the page's `load` event: the async tag runs before it and issues
 * its requests synchronously, and `page.on('request')` sees every request the browser issues,
 * even one it later aborts.
 */
import type { Page } from '@playwright/test';
import { expect, recordPixelRequests, test } from '@partner-pixel/harness/playwright';
import { consent, html, order, orderBlock, QUEUE_STUB, scriptTag, serve } from './support/site.js';

/** What this site holds in the browser: the referral cookie and anything in localStorage. */
async function stored(page: Page) {
  const cookies = (await page.context().cookies()).filter((c) => c.name == 'pp_ref').map((c) => c.value);
  const storage = await page.evaluate(() => Object.keys(localStorage));
  return { cookies, storage };
}

test('with data-require-consent nothing is written or sent before consent, then both happen', async ({ page, server, account, partner }) => {
  const attrs = 'data-require-consent';
  const landing = serve(server, '/landing', html(`<script>${QUEUE_STUB}</script>` + scriptTag(attrs)));
  const receipt = serve(server, '/receipt', html(`<script>${QUEUE_STUB}</script>` + orderBlock(order('C-1')) + scriptTag(attrs)));
  const pixels = recordPixelRequests(page);

  await page.goto(`${landing}?orid=${partner.id}&opid=${partner.promoTool.id}`);
  expect(await stored(page)).toEqual({ cookies: [], storage: [] });
  await consent(page, true);
  await expect.poll(async () => (await stored(page)).cookies).toHaveLength(1);

  await page.goto(receipt);
  expect(pixels, 'no pixel before consent on the receipt').toEqual([]);
  expect(account.pixels()).toEqual([]);
  expect((await stored(page)).storage).toEqual([]);
  await consent(page, true);
  await expect(account).toHaveRecordedPurchase('C-1', { partnerId: partner.id });
  expect((await stored(page)).storage).toEqual(['pp_outbox_v2']);
});

test('with data-respect-gpc and Global Privacy Control on, nothing is ever written or sent', async ({ page, server, account, partner }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const attrs = 'data-respect-gpc';
  const landing = serve(server, '/landing', html(`<script>${QUEUE_STUB}</script>` + scriptTag(attrs)));
  const receipt = serve(server, '/receipt', html(`<script>${QUEUE_STUB}</script>` + orderBlock(order('G-1')) + scriptTag(attrs)));
  const pixels = recordPixelRequests(page);

  await page.goto(`${landing}?orid=${partner.id}&opid=${partner.promoTool.id}`);
  await consent(page, true); // a consent banner's "accept" does not override the browser's signal
  await page.goto(receipt);
  await consent(page, true);
  // Leaving the site after the last call: anything issued before would have been seen.
  await page.goto(serve(server, '/bye', html('<p>bye</p>')));
  expect(pixels).toEqual([]);
  expect(account.pixels()).toEqual([]);
  expect(await stored(page)).toEqual({ cookies: [], storage: [] });
});

test('markup in order fields never reaches the DOM and travels only URL-encoded', async ({ page, server, account }) => {
  const markup = '<img src=x onerror=alert(1)>';
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Every element added to the document after the parser, counted from the first script on.
  await page.addInitScript(() => {
    const w = window as unknown as { __added: string[] };
    w.__added = [];
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType == 1 && document.readyState != 'loading') w.__added.push((n as Element).outerHTML);
    }).observe(document, { childList: true, subtree: true });
  });
  const hostile = order('X-1', { firstName: markup, lastName: '"><script>alert(2)</script>', city: "'); alert(3); ('" });
  await page.goto(serve(server, '/receipt', html(orderBlock(hostile) + scriptTag())));
  await expect(account).toHaveRecordedPurchase('X-1');
  const hit = account.pixels()[0];
  expect(hit.query).not.toMatch(/[<>"']/);
  const query = new URLSearchParams(hit.query);
  expect([query.get('firstname'), query.get('lastname'), query.get('city')]).toEqual([hostile.firstName, hostile.lastName, hostile.city]);
  expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toEqual([]);
  expect(await page.locator('img, script:not([src]):not([type])').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('garbage in the block and the queue raises nothing in the page', async ({ page, server, account }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const queue = [
    `partnerPixel('purchase', 42)`,
    `partnerPixel('purchase', null)`,
    `partnerPixel('purchase', {get orderId(){throw new Error('hostile getter')}})`,
    `partnerPixel('purchase', {orderId:'Y-1', email:'y@example.com', items:'nope'})`,
    `partnerPixel('init', null)`,
    `partnerPixel('capture', 'http://[')`,
    `partnerPixel('no-such-command')`,
  ].join(';');
  await page.goto(serve(server, '/receipt', html(`<script>${QUEUE_STUB}${queue}</script>${orderBlock('{"orderId": "Z-1", items: [}}garbage')}${scriptTag()}`)));
  // The real function replaced the stub: the queue has been replayed by now.
  await expect.poll(() => page.evaluate(() => (window as unknown as { partnerPixel: { l?: number } }).partnerPixel.l)).toBe(1);
  await page.evaluate(() => {
    const pp = (window as unknown as { partnerPixel(c: unknown, a?: unknown): void }).partnerPixel;
    pp('purchase', 42);
    pp('purchase', { orderId: { toString: () => { throw new Error('x'); } }, email: 'z@example.com', items: [] });
  });
  // One valid order after the garbage proves the library is still alive and everything ran.
  await page.evaluate((o) => (window as unknown as { partnerPixel(c: string, a: unknown): void }).partnerPixel('purchase', o), order('OK-1'));
  await expect(account).toHaveRecordedPurchase('OK-1');
  expect(errors).toEqual([]);
  expect(account.pixels().map((p) => p.orderId)).toEqual(['OK-1']);
});

// ARCHITECTURE.md: "Every call is wrapped: nothing throws into the page." A command that
// cannot be turned into text (a Symbol, an object whose toString throws) must not throw either.
test('a command that cannot be printed raises nothing in the page', async ({ page, server }) => {
  await page.goto(serve(server, '/receipt', html(scriptTag())));
  await expect.poll(() => page.evaluate(() => (window as unknown as { partnerPixel?: { l?: number } }).partnerPixel?.l)).toBe(1);
  const thrown = await page.evaluate(() => {
    const pp = (window as unknown as { partnerPixel(c: unknown): void }).partnerPixel;
    const out: string[] = [];
    for (const command of [Symbol('x'), { toString: () => { throw new Error('hostile toString'); } }])
      try {
        pp(command);
      } catch (e) {
        out.push(String(e));
      }
    return out;
  });
  expect(thrown).toEqual([]);
});
