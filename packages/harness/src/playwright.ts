/**
 * `@partner-pixel/harness/playwright`: Playwright fixtures that replay partner link ->
 * checkout -> receipt -> pixel in real Chromium against the simulated ONTRAPORT and UltraCart.
 *
 * Each worker starts ONE local https server (self-signed certificate) that serves the
 * simulated sites at realistic host names, and one Chromium whose resolver maps those names to
 * it and nothing else anywhere. Every test gets a fresh simulation, so tests never see each
 * other's contacts, orders or pixels.
 *
 * ```ts
 * import { test, expect, followPartnerLink, checkout } from '@partner-pixel/harness/playwright';
 *
 * test('a partner is credited', async ({ page, account, partner }) => {
 *   await followPartnerLink(page, partner);
 *   const { orderId } = await checkout(page, { email: 'buyer@example.com' });
 *   await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id });
 * });
 * ```
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect as baseExpect, test as base, type BrowserContext, type Page } from '@playwright/test';
import type { RequestHandler } from 'msw';
import { http, HttpResponse } from 'msw';
import { toCents } from 'partner-pixel/wire';
import type { Attribution, Contact, Partner, PromoTool, Purchase } from './account.js';
import { CHROMIUM_ARGS, findChromium, hostResolverRules, isAllowedUrl } from './browser.js';
import { TEST_BUYER, TEST_CARDS } from './cart.js';
import type { MerchantSite } from './merchant.js';
import type { Ontraport } from './ontraport.js';
import type { IntegrationMode } from './script-tag.js';
import { startServer, type HarnessServer } from './server.js';
import { createSimulation } from './simulation.js';
import type { UltraCart } from './ultracart.js';

export { CHROMIUM_ARGS, findChromium, hostResolverRules, isAllowedUrl, launchOptions } from './browser.js';
export { TEST_BUYER, TEST_CARDS } from './cart.js';
export type { Attribution, Contact, Partner, PromoTool, Purchase } from './account.js';
export type { HarnessServer } from './server.js';
export type { Ontraport, PixelHit } from './ontraport.js';
export type { UltraCart } from './ultracart.js';
export type { MerchantSite } from './merchant.js';
export type { IntegrationMode } from './script-tag.js';
export { receiptScriptSrc, SCRIPT_FILES } from './script-tag.js';

/** The simulated sites' host names, as the browser sees them. */
export const HOSTS = {
  ontraport: 'acme.ontraport.com',
  store: 'secure.ultracart.com',
  merchant: 'www.merchant.example',
} as const;

const ALL_HOSTS: string[] = Object.values(HOSTS);

/** The three simulated sites of one test. */
export interface Simulation {
  /** The simulated ONTRAPORT account at `https://acme.ontraport.com`. */
  ontraport: Ontraport;
  /** The simulated UltraCart store at `https://secure.ultracart.com`. */
  store: UltraCart;
  /** The merchant's landing site at `https://www.merchant.example`. */
  merchant: MerchantSite;
}

/** A partner made for the test, with a promotional tool and its link. */
export interface TestPartner extends Partner {
  /** The promo tool the partner's link uses; it lands on the store's checkout by default. */
  promoTool: PromoTool;
  /** The partner's promo link (on the ONTRAPORT host), optionally with a sub-id. */
  link(options?: { sid?: string; promoToolId?: number }): string;
}

/** Options a test file sets with `test.use({...})`, or a project in `playwright.config.ts`. */
export interface HarnessOptions {
  /**
   * The account's crediting setting and the script's `data-attribution`.
   * @defaultValue 'last'
   */
  attribution: Attribution;
  /**
   * How the store reports sales: `pixel` (our script), `api` (UltraCart's API method: our
   * script sends no sale pixel) or `original` (ONTRAPORT's plain pixel, relying on its cookie).
   * @defaultValue 'pixel'
   */
  storeMode: IntegrationMode;
  /**
   * Chromium's third-party cookie setting. `allowed` launches a persistent context whose
   * profile allows them (a default context blocks them; see BROWSER-TESTING.md).
   * @defaultValue 'blocked'
   */
  thirdPartyCookies: 'blocked' | 'allowed';
  /**
   * The script tag's `data-debug`: every step is logged to the page console.
   * @defaultValue true
   */
  pixelDebug: boolean;
  /**
   * Your receipt as UltraCart renders it: the conversion HTML you paste into UltraCart, with
   * its `[Token]` placeholders (`[OrderId]`, `[Email]`, `[FirstName]`, `[Total]`, `[Tax]`,
   * `[Shipping]`, `[Handling]`, `[Discount]`, `[ItemsJson]`, `[OrderJson]`, `[ScriptSrc]`,
   * `[CustomField1]`..`[CustomField7]`, ...). Load the script from `[ScriptSrc]`.
   * @defaultValue undefined (the store's own receipt with the order block and script tag)
   */
  conversionHtml: string | undefined;
  /**
   * Your own receipt page: after an approved checkout the store redirects the buyer here
   * instead of showing its receipt. Tokens `[OrderId]`, `[Email]`, `[Total]`, `[Subtotal]`,
   * `[Tax]`, `[Shipping]`, `[Handling]`, `[Discount]`, `[FirstName]`, `[LastName]` and
   * `[OrderJson]` are replaced, URL-encoded. It may be on a simulated host (served with
   * `server.use(...)`) or on a loopback server of yours (`http://localhost:3000/thanks?...`).
   * Your page must load the script with `data-subdomain="acme.ontraport.com"`.
   * @defaultValue undefined (the store's receipt)
   */
  receiptUrl: string | undefined;
}

/** Test-scoped fixtures. */
export interface HarnessFixtures {
  /** All three simulated sites, fresh for this test. */
  sim: Simulation;
  /** The simulated ONTRAPORT account: partners, contacts, purchases, pixels, faults. */
  account: Ontraport;
  /** The simulated UltraCart store. */
  store: UltraCart;
  /** The merchant's landing site. */
  merchant: MerchantSite;
  /** A fresh partner, with a promo tool landing on the store's checkout of the first product. */
  partner: TestPartner;
  /** The worker's server; `server.use(...handlers)` adds pages for this test only. */
  server: HarnessServer;
}

/** Worker-scoped fixtures. */
export interface HarnessWorkerFixtures {
  /** The one https server of this worker, serving the current test's simulation. */
  harnessServer: HarnessServer;
}

// The fixtures run one test at a time per worker process, so the helpers can find the
// current simulation here when a test does not pass it explicitly.
let current: Simulation | undefined;

const currentSim = (): Simulation => {
  if (!current) throw new Error('no simulation: use the helpers inside a test that uses the sim, account or store fixture');
  return current;
};

/** Builds one test's simulation at the realistic hosts. */
function buildSimulation(o: {
  attribution: Attribution;
  mode: IntegrationMode;
  debug: boolean;
  conversionHtml: string | undefined;
}): Simulation {
  const { ontraport, store, merchant } = createSimulation({
    ontraportOrigin: `https://${HOSTS.ontraport}`,
    storeOrigin: `https://${HOSTS.store}`,
    merchantOrigin: `https://${HOSTS.merchant}`,
    ...o,
  });
  return { ontraport, store, merchant };
}

/** A handler that sends buyers from the store's receipt to the merchant's own receipt page. */
function redirectReceipt(store: UltraCart, template: string): RequestHandler {
  return http.get(`${store.origin}/receipt`, ({ request }) => {
    const order = store.order(new URL(request.url).searchParams.get('o') || '');
    if (!order) return undefined; // the store's own "not found" page
    const money = (cents: number) => (cents / 100).toFixed(2);
    const tokens: Record<string, string> = {
      OrderId: order.orderId,
      Email: order.email,
      FirstName: order.firstName,
      LastName: order.lastName,
      Subtotal: money(order.subtotal),
      Discount: money(order.discount),
      Tax: money(order.tax),
      Shipping: money(order.shipping),
      Handling: money(order.handling),
      Total: money(order.total),
      OrderJson: JSON.stringify({
        orderId: order.orderId,
        email: order.email,
        items: order.items.map((i) => ({ id: i.id, name: i.name, price: money(i.price), quantity: i.quantity })),
        tax: money(order.tax),
        shipping: money(order.shipping),
        handling: money(order.handling),
        discount: money(order.discount),
        total: money(order.total),
      }),
    };
    const location = template.replace(/\[(\w+)\]/g, (whole, name: string) =>
      name in tokens ? encodeURIComponent(tokens[name]) : whole,
    );
    return new HttpResponse(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
  });
}

async function allowingThirdPartyCookies(dir: string): Promise<void> {
  // 0 allows third-party cookies, 1 blocks them: the only switch that works (BROWSER-TESTING.md).
  await mkdir(join(dir, 'Default'), { recursive: true });
  await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
}

/** Aborts every request that is not to loopback or a simulated host (beside the resolver rules). */
async function closeNetwork(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !isAllowedUrl(url.href, ALL_HOSTS),
    (route) => route.abort('blockedbyclient'),
  );
}

/** `test` with the harness fixtures. */
export const test = base.extend<HarnessOptions & HarnessFixtures, HarnessWorkerFixtures>({
  attribution: ['last', { option: true }],
  storeMode: ['pixel', { option: true }],
  thirdPartyCookies: ['blocked', { option: true }],
  pixelDebug: [true, { option: true }],
  conversionHtml: [undefined, { option: true }],
  receiptUrl: [undefined, { option: true }],

  harnessServer: [
    // Playwright requires a destructuring pattern here, even an empty one.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ handlers: [], hosts: ALL_HOSTS });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  // One Chromium per worker, resolving the simulated hosts to the server and nothing else.
  browser: [
    async ({ playwright, launchOptions, harnessServer }, use) => {
      const executablePath = launchOptions.executablePath ?? findChromium();
      const browser = await playwright.chromium.launch({
        ...launchOptions,
        ...(executablePath ? { executablePath } : {}),
        args: [...new Set([...CHROMIUM_ARGS, ...(launchOptions.args ?? [])]), resolverFlag(harnessServer.port)],
      });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  context: async ({ browser, playwright, launchOptions, harnessServer, contextOptions, thirdPartyCookies }, use) => {
    const options = { ...contextOptions, ignoreHTTPSErrors: true };
    let context: BrowserContext;
    let profile: string | undefined;
    if (thirdPartyCookies == 'allowed') {
      // A persistent context is its own browser process, so it needs the flags again.
      profile = await mkdtemp(join(tmpdir(), 'partner-pixel-profile-'));
      await allowingThirdPartyCookies(profile);
      const executablePath = launchOptions.executablePath ?? findChromium();
      context = await playwright.chromium.launchPersistentContext(profile, {
        ...launchOptions,
        ...options,
        ...(executablePath ? { executablePath } : {}),
        args: [...new Set([...CHROMIUM_ARGS, ...(launchOptions.args ?? [])]), resolverFlag(harnessServer.port)],
      });
    } else {
      context = await browser.newContext(options);
    }
    await closeNetwork(context);
    await use(context);
    await context.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  },

  sim: async ({ harnessServer, attribution, storeMode, pixelDebug, conversionHtml, receiptUrl }, use) => {
    const sim = buildSimulation({ attribution, mode: storeMode, debug: pixelDebug, conversionHtml });
    harnessServer.resetHandlers();
    harnessServer.use(...sim.ontraport.handlers, ...sim.store.handlers, ...sim.merchant.handlers);
    if (receiptUrl) harnessServer.use(redirectReceipt(sim.store, receiptUrl));
    current = sim;
    await use(sim);
    current = undefined;
    harnessServer.resetHandlers();
  },
  account: async ({ sim }, use) => use(sim.ontraport),
  store: async ({ sim }, use) => use(sim.store),
  merchant: async ({ sim }, use) => use(sim.merchant),
  server: async ({ sim, harnessServer }, use) => {
    void sim; // the simulation's handlers must be in place before a test adds its own
    await use(harnessServer);
  },

  partner: async ({ account, store }, use) => {
    const partner = account.addPartner({ firstName: 'Pat', lastName: 'Partner', email: 'pat.partner@example.com' });
    const promoTool = account.addPromoTool({ name: 'Starter Kit checkout link', landingUrl: store.checkoutUrl(store.catalog[0].id) });
    await use(withLink(account, partner, promoTool));
  },
});

function resolverFlag(port: number): string {
  return `--host-resolver-rules=${hostResolverRules(ALL_HOSTS, port)}`;
}

/**
 * Makes a {@link TestPartner} of any partner of the account, e.g. a second partner:
 * `withLink(account, account.addPartner({...}), partner.promoTool)`.
 */
export function withLink(account: Ontraport, partner: Partner, promoTool: PromoTool): TestPartner {
  return {
    ...partner,
    promoTool,
    link: (options = {}) => account.promoLink(partner.id, options.promoToolId ?? promoTool.id, options.sid),
  };
}

/**
 * Clicks the partner's promo link: ONTRAPORT sets its own cookie and redirects to the promo
 * tool's landing page with `orid`, `opid` (and `sid`), where the script captures them.
 * Resolves once the landing page has loaded.
 */
export async function followPartnerLink(
  page: Page,
  partner: TestPartner,
  options: { sid?: string; promoToolId?: number } = {},
): Promise<void> {
  await page.goto(partner.link(options));
}

/** The buyer and payment for {@link checkout}. */
export interface CheckoutDetails {
  email: string;
  /**
   * Card number: `TEST_CARDS.approve` or `TEST_CARDS.decline`.
   * @defaultValue TEST_CARDS.approve
   */
  card?: string;
  /** @defaultValue TEST_BUYER.firstName ('Ada') */
  firstName?: string;
  /** @defaultValue TEST_BUYER.lastName ('Lovelace') */
  lastName?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  coupon?: string;
  /**
   * Product to buy. When given, or when the page is not on the store's checkout, the store's
   * checkout of this product is opened first.
   * @defaultValue the product of the checkout page shown, else the store's first product
   */
  sku?: string;
  /** @defaultValue 1 */
  quantity?: number;
  /**
   * The store to buy from.
   * @defaultValue the current test's store
   */
  store?: UltraCart;
}

/** What a checkout came to. */
export interface CheckoutResult {
  /** Whether the payment went through (the page moved on to a receipt). */
  approved: boolean;
  /** The store's order id, when approved. */
  orderId?: string;
  /** The checkout's error message, when refused. */
  error?: string;
}

/** Fills the store's checkout form and places the order; resolves on the receipt or the error. */
export async function checkout(page: Page, details: CheckoutDetails): Promise<CheckoutResult> {
  const store = details.store ?? currentSim().store;
  // The page a link led to may still be loading: its async tag captures the referral on load.
  await page.waitForLoadState('load');
  const onCheckout = (() => {
    try {
      const url = new URL(page.url());
      return url.origin == store.origin && url.pathname == '/checkout';
    } catch {
      return false;
    }
  })();
  if (details.sku || !onCheckout) await page.goto(store.checkoutUrl(details.sku ?? store.catalog[0].id, details.quantity ?? 1));
  else if (details.quantity) await page.locator('form[name=checkout] [name=qty]').fill(String(details.quantity));
  const form = page.locator('form[name=checkout]');
  const fields: Record<string, string | undefined> = {
    email: details.email,
    firstName: details.firstName ?? TEST_BUYER.firstName,
    lastName: details.lastName ?? TEST_BUYER.lastName,
    address: details.address,
    city: details.city,
    state: details.state,
    zip: details.zip,
    country: details.country,
    coupon: details.coupon,
    card: details.card ?? TEST_CARDS.approve,
  };
  for (const [name, value] of Object.entries(fields)) if (value != null) await form.locator(`[name="${name}"]`).fill(value);
  const error = page.locator('#checkout-error');
  const placed = page.waitForURL((url) => url.pathname != '/checkout' || url.origin != store.origin, { waitUntil: 'load' });
  await form.locator('button[type=submit]').click();
  // Either the browser leaves the checkout (approved) or the form comes back with an error.
  const outcome = await Promise.race([
    placed.then(() => 'receipt' as const),
    error.waitFor({ state: 'visible' }).then(() => 'error' as const),
  ]);
  if (outcome == 'error') {
    placed.catch(() => {}); // never settles now; keep it from reporting an unhandled rejection
    return { approved: false, error: (await error.textContent())?.trim() ?? '' };
  }
  const orderId = store.orders().at(-1)?.orderId;
  return { approved: true, ...(orderId ? { orderId } : {}) };
}

/** What the receipt page shows. */
export interface Receipt {
  /** The order id from the order block, else the page. */
  orderId: string;
  /** The order block (`#partner-pixel-order`) as the script reads it, when the page has one. */
  order?: Record<string, unknown>;
  /** Whether the page carries the partner-pixel script tag. */
  hasScript: boolean;
}

/** Reads the receipt page the browser is on. */
export async function readReceipt(page: Page): Promise<Receipt> {
  return page.evaluate(() => {
    const block = document.getElementById('partner-pixel-order');
    let order: Record<string, unknown> | undefined;
    try {
      order = block ? JSON.parse(block.textContent || '') : undefined;
    } catch {
      order = undefined;
    }
    const shown = document.getElementById('order-id')?.textContent?.trim();
    const fromUrl = new URL(location.href).searchParams.get('o');
    const orderId = String(order?.orderId ?? shown ?? fromUrl ?? '');
    const hasScript = !!document.querySelector('script[src*="partner-pixel"]');
    return { orderId, hasScript, ...(order ? { order } : {}) };
  });
}

/**
 * Waits until the account has seen at least `count` pixel requests (any outcome), polling;
 * resolves to them.
 */
export async function waitForPixels(account: Ontraport, count = 1, options: { timeout?: number } = {}) {
  await baseExpect
    .poll(() => account.pixels().length, { message: `the account to receive ${count} pixel request(s)`, ...options })
    .toBeGreaterThanOrEqual(count);
  return account.pixels();
}

/**
 * Records, live, the pixel requests the page sends to the simulated ONTRAPORT (as the
 * browser issued them, before any server saw them). With `page.waitForLoadState('load')`
 * it proves a negative: the script runs before the load event (an async script delays it)
 * and issues its pixel synchronously, so an empty list after load means nothing was sent.
 */
export function recordPixelRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname == HOSTS.ontraport && url.pathname == '/p') urls.push(request.url());
  });
  return urls;
}

/** A partner id, or anything with one (a partner), or null for "no referrer". */
export type PartnerRef = number | { id: number } | null;

const idOf = (p: PartnerRef): number | null => (p == null ? null : typeof p == 'number' ? p : p.id);
const cents = (v: number | string): number | undefined => (typeof v == 'number' ? v : toCents(v));

interface Check {
  pass: boolean;
  message: string;
}

/**
 * Polls `check` until it gives the wanted answer (pass, or fail under `.not`) or the matcher's
 * timeout ends; the pixel arrives asynchronously, so the account is asked again and again.
 */
async function pollAccount(
  state: { isNot: boolean; timeout: number },
  name: string,
  check: () => Check,
): Promise<{ pass: boolean; message: () => string; name: string }> {
  let last = check();
  try {
    await baseExpect
      .poll(
        () => {
          last = check();
          return last.pass;
        },
        { timeout: state.timeout },
      )
      .toBe(!state.isNot);
  } catch {
    // The last check says why; the matcher reports it below.
  }
  return { pass: last.pass, name, message: () => `${name}: ${last.message}` };
}

function describeContact(c: Contact | undefined): string {
  return c ? `contact ${c.email} (first referrer ${c.firstReferrer}, last referrer ${c.lastReferrer})` : 'no such contact';
}

/** `expect` with matchers on the account (they poll, so they also wait for the pixel). */
export const expect = baseExpect.extend({
  /**
   * The account has a contact with this email, and, when given, these first and last
   * referrers (partner ids or partners; null for none).
   */
  async toHaveContact(account: Ontraport, email: string, expected: { firstReferrer?: PartnerRef; lastReferrer?: PartnerRef } = {}) {
    return pollAccount(this, 'toHaveContact', () => {
      const c = account.contact(email);
      const problems: string[] = [];
      if (!c) problems.push(`no contact ${email} (contacts: ${account.contacts().map((x) => x.email).join(', ') || 'none'})`);
      else {
        if ('firstReferrer' in expected && c.firstReferrer != idOf(expected.firstReferrer ?? null))
          problems.push(`first referrer is ${c.firstReferrer}, expected ${idOf(expected.firstReferrer ?? null)}`);
        if ('lastReferrer' in expected && c.lastReferrer != idOf(expected.lastReferrer ?? null))
          problems.push(`last referrer is ${c.lastReferrer}, expected ${idOf(expected.lastReferrer ?? null)}`);
      }
      return { pass: !problems.length, message: problems.join('; ') || `found ${describeContact(c)}` };
    });
  },

  /**
   * The account recorded a purchase with this order id, and, when given, credited to this
   * partner (null: to nobody) with this total (cents, or a decimal string like "45.10").
   */
  async toHaveRecordedPurchase(account: Ontraport, orderId: string, expected: { partnerId?: PartnerRef; total?: number | string } = {}) {
    return pollAccount(this, 'toHaveRecordedPurchase', () => {
      const p: Purchase | undefined = account.purchase(orderId);
      const problems: string[] = [];
      if (!p) problems.push(`no purchase ${orderId} (purchases: ${account.purchases().map((x) => x.orderId).join(', ') || 'none'}; pixels: ${account.pixels().map((x) => `${x.orderId}:${x.outcome}`).join(', ') || 'none'})`);
      else {
        if ('partnerId' in expected && p.partnerId != idOf(expected.partnerId ?? null))
          problems.push(`credited to ${p.partnerId}, expected ${idOf(expected.partnerId ?? null)}`);
        if (expected.total != null && p.total != cents(expected.total))
          problems.push(`total is ${p.total} cents, expected ${cents(expected.total)}`);
      }
      return {
        pass: !problems.length,
        message: problems.join('; ') || `found purchase ${orderId}: ${p!.total} cents credited to ${p!.partnerId}`,
      };
    });
  },

  /**
   * The partner's credit in the account: `sales` purchases worth `amount` (cents, or a
   * decimal string).
   */
  async toHaveCredited(account: Ontraport, partner: number | { id: number }, expected: { sales: number; amount?: number | string }) {
    const id = idOf(partner)!;
    return pollAccount(this, 'toHaveCredited', () => {
      const p = account.partner(id);
      const problems: string[] = [];
      if (!p) problems.push(`no partner ${id}`);
      else {
        if (p.sales != expected.sales) problems.push(`partner ${id} has ${p.sales} sales, expected ${expected.sales}`);
        if (expected.amount != null && p.amount != cents(expected.amount))
          problems.push(`partner ${id} has ${p.amount} cents, expected ${cents(expected.amount)}`);
      }
      return { pass: !problems.length, message: problems.join('; ') || `partner ${id} has ${p!.sales} sales worth ${p!.amount} cents` };
    });
  },
});
