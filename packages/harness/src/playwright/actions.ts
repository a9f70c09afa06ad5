/**
 * What a test does in the browser: follow a partner's link, check out, read the receipt, and
 * wait for or record the pixel requests.
 */
import { expect as baseExpect, type Page } from '@playwright/test';
import { CONTACT_FIELDS, type Contact } from 'partner-pixel/wire';
import type { Ontraport } from '../ontraport/ontraport.js';
import { TEST_BUYER, TEST_CARDS } from '../ultracart/pricing.js';
import type { UltraCart } from '../ultracart/ultracart.js';
import { currentSim, HOSTS } from './hosts.js';
import type { TestPartner } from './partner.js';

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

/** The buyer and payment for {@link checkout}: the email, the contact fields of the wire contract, the card. */
export interface CheckoutDetails extends Contact {
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
  const fields: Record<string, string | undefined> = { email: details.email };
  for (const name of CONTACT_FIELDS) fields[name] = details[name];
  fields.firstName ??= TEST_BUYER.firstName;
  fields.lastName ??= TEST_BUYER.lastName;
  fields.coupon = details.coupon;
  fields.card = details.card ?? TEST_CARDS.approve;
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

